#!/usr/bin/env bash
# 一条命令运行全部测试:构建书(-W -n --keep-going,警告即错误),再运行 pytest
# (包的测试、nbval 执行每个笔记本、对已构建网页的检查和无头 Chromium 测试);
# 记录库的测试同时针对 SQLite 和一个临时启动的本地 PostgreSQL(scripts/postgres.sh)。
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
apt_install chromium chromium-driver postgresql
# 记录库(playbook.trainer.records)的测试也要连一个真实的 PostgreSQL:本机临时起一个,测试结束时停掉。
source "$ROOT/scripts/postgres.sh"
pg_start
trap pg_stop EXIT
export PLAYBOOK_REQUIRE_PG=1   # 缺少 PLAYBOOK_TEST_PG_URL 时 PostgreSQL 测试失败而不是跳过
cd "$ROOT"
PLAYBOOK_PDF=0 bash "$ROOT/scripts/build.sh" --all -W -n --keep-going
# The printable book is printed in the background while pytest runs (its tests wait for it:
# PLAYBOOK_PDF_PID, tests/conftest.py); a failed print fails the test command.
rm -f book/_build/html/playbook.pdf
bash "$ROOT/scripts/pdf.sh" > book/_build/pdf.log 2>&1 &
pdf_pid=$!
export PLAYBOOK_PDF_PID=$pdf_pid
say "运行 pytest(pytest-xdist,每个 CPU 核一个进程)…"
set +e
"$VENV/bin/python" -m pytest "$@"
status=$?
wait "$pdf_pid"
pdf_status=$?
set -e
if [ "$pdf_status" -ne 0 ]; then
  say "整本书 PDF 打印失败(退出码 $pdf_status),日志 book/_build/pdf.log:"
  tail -n 30 book/_build/pdf.log
  [ "$status" -ne 0 ] || status=1
fi
if [ "$status" -eq 5 ]; then
  say "pytest 没有收集到任何测试:这是错误(测试目录或配置出了问题)。"
  exit 1
fi
exit "$status"
