#!/usr/bin/env bash
# Build the book into book/_build/html. Extra arguments go to `jupyter-book build`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
cd "$ROOT"
# Notebook outputs are cached by notebook content only; when the package's code or data change,
# drop the cache so every chapter runs again against the new code.
stamp="book/_build/.playbook-src-hash"
now="$(find src/playbook -type f \( -name '*.py' -o -name '*.json' \) -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
if [ -d book/_build/.jupyter_cache ] && [ "$(cat "$stamp" 2>/dev/null)" != "$now" ]; then
  say "playbook 包有改动:清除笔记本执行缓存。"
  rm -rf book/_build/.jupyter_cache
fi
mkdir -p book/_build && echo "$now" > "$stamp"
say "构建书(首次会执行各章代码,约 1–2 分钟)…"
"$VENV/bin/jupyter-book" build book "$@"
