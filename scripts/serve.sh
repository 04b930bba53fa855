#!/usr/bin/env bash
# 一条命令:准备环境、构建书,并在 http://127.0.0.1:8000 提供。
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
cd "$ROOT"
"$VENV/bin/python" -m playbook kb          # YAML changed? refresh the snapshot first
bash "$ROOT/scripts/build.sh"
exec "$VENV/bin/python" -m playbook serve book/_build/html --port "${PORT:-8000}"
