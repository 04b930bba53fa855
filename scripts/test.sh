#!/usr/bin/env bash
# 一条命令运行全部测试:构建书(-W -n --keep-going,警告即错误),再运行 pytest
# (包的测试、nbval 执行每个笔记本、对已构建网页的检查和无头 Chromium 测试)。
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
apt_install chromium chromium-driver
cd "$ROOT"
bash "$ROOT/scripts/build.sh" --all -W -n --keep-going
say "运行 pytest …"
set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  say "pytest 没有收集到任何测试:这是错误(测试目录或配置出了问题)。"
  exit 1
fi
exit "$status"
