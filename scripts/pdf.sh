#!/usr/bin/env bash
# Print the built book to one PDF (book/_build/html/playbook.pdf) with headless Chromium
# (playbook.site.pdfbook). Called by scripts/build.sh after the pages are built; scripts/serve.sh
# and scripts/test.sh run it in the background (the page is served, the tests run, meanwhile).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
if { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || apt_install chromium chromium-driver; then
  say "打印整本书 PDF(无头 Chromium)…"
  exec "$VENV/bin/python" -m playbook.site.pdfbook "$ROOT/book/_build/html" "$ROOT/book"
else
  say "缺少 chromium / chromium-driver:没有生成整本书 PDF。"
fi
