#!/usr/bin/env bash
# 一条命令:准备环境、构建书,并在 http://127.0.0.1:8000 提供。
# 网页一建好就开始提供;压缩副本和整本书 PDF(playbook.pdf)同时在后台生成,打印完即可下载
# (日志:book/_build/background.log)。PLAYBOOK_PDF=0 不打印。
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
cd "$ROOT"
"$VENV/bin/python" -m playbook kb          # YAML changed? refresh the snapshot first
# The compressed copies (playbook.site.precompress) and the PDF are made in the background:
# until the copies are written, the server sends the files themselves.
PLAYBOOK_PDF=0 PLAYBOOK_PRECOMPRESS=0 bash "$ROOT/scripts/build.sh"
pdf_pid=""
(
  "$VENV/bin/python" -m playbook.site.precompress book/_build/html "${PLAYBOOK_CACHE:-$ROOT/.cache}/precompressed"
  if [ "${PLAYBOOK_PDF:-1}" != "0" ]; then exec bash "$ROOT/scripts/pdf.sh"; fi
) > "$ROOT/book/_build/background.log" 2>&1 &
pdf_pid=$!
say "压缩副本和整本书 PDF 在后台生成(日志 book/_build/background.log),网页现在就可以打开。"
# pdfbook stops its headless browser on SIGTERM (a background job ignores Ctrl+C)
stop_pdf() { if [ -n "$pdf_pid" ]; then kill -TERM "$pdf_pid" 2>/dev/null || true; fi; }
trap stop_pdf EXIT
"$VENV/bin/python" -m playbook serve book/_build/html --port "${PORT:-8000}"
