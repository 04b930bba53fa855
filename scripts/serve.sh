#!/usr/bin/env bash
# 一条命令:准备环境、构建书,并在 http://127.0.0.1:8000 提供。
# 网页一建好就开始提供;整本书 PDF(playbook.pdf)同时在后台打印,打印完即可下载
# (日志:book/_build/pdf.log)。PLAYBOOK_PDF=0 不打印。
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
cd "$ROOT"
"$VENV/bin/python" -m playbook kb          # YAML changed? refresh the snapshot first
PLAYBOOK_PDF=0 bash "$ROOT/scripts/build.sh"
pdf_pid=""
if [ "${PLAYBOOK_PDF:-1}" != "0" ]; then
  say "整本书 PDF 在后台打印(日志 book/_build/pdf.log),网页现在就可以打开。"
  bash "$ROOT/scripts/pdf.sh" > "$ROOT/book/_build/pdf.log" 2>&1 &
  pdf_pid=$!
fi
# pdfbook stops its headless browser on SIGTERM (a background job ignores Ctrl+C)
stop_pdf() { if [ -n "$pdf_pid" ]; then kill -TERM "$pdf_pid" 2>/dev/null || true; fi; }
trap stop_pdf EXIT
"$VENV/bin/python" -m playbook serve book/_build/html --port "${PORT:-8000}"
