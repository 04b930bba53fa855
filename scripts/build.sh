#!/usr/bin/env bash
# Build the book into book/_build/html. Extra arguments go to `jupyter-book build`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
cd "$ROOT"
say "构建书(首次会执行各章代码,约 1–2 分钟)…"
"$VENV/bin/jupyter-book" build book "$@"
