#!/usr/bin/env bash
# Build the book into book/_build/html. Extra arguments go to `jupyter-book build`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
cd "$ROOT"
# Notebook outputs are cached by notebook content only, and Sphinx rewrites pages (and copies
# static files) only for changed pages: when the package's code, data or web files, or the
# book's own static files and configuration change,
# drop the cache and rebuild every page against the new code.
stamp="book/_build/.playbook-src-hash"
now="$(find src/playbook book/_static book/_config.yml -type f -not -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
all=()
if [ -d book/_build/html ] && [ "$(cat "$stamp" 2>/dev/null)" != "$now" ]; then
  say "playbook 包有改动:清除笔记本执行缓存,重建全部页面。"
  rm -rf book/_build/.jupyter_cache
  all=(--all)
fi
mkdir -p book/_build && echo "$now" > "$stamp"
if [ "${PLAYBOOK_QUICK:-0}" = "1" ]; then
  say "构建快速版(不执行各章代码)…"
else
  say "构建书(首次会执行各章代码,约 1–2 分钟)…"
fi
"$VENV/bin/jupyter-book" build book "${all[@]}" "$@"
# The whole book as one PDF (book/_build/html/playbook.pdf), printed by headless Chromium from
# the pages just built (scripts/pdf.sh). PLAYBOOK_PDF=0 skips it (a quick look; or the caller
# prints it itself, in the background, as scripts/serve.sh and scripts/test.sh do).
if [ "${PLAYBOOK_PDF:-1}" != "0" ]; then
  bash "$ROOT/scripts/pdf.sh"
fi
