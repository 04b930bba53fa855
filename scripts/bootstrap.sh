#!/usr/bin/env bash
# Create/refresh the project's virtual environment (.venv) and the system packages it needs.
# Sourced by scripts/serve.sh and scripts/test.sh; safe to run repeatedly (cached by a stamp).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PLAYBOOK_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

say() { printf '\033[1;34m[playbook]\033[0m %s\n' "$*"; }

apt_install() {  # apt_install PKG… — only what is missing; needs root (this project's machines are)
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "缺少系统软件包:${missing[*]};请用 root 运行:apt-get install -y ${missing[*]}"; return 1
  fi
  say "安装系统软件包:${missing[*]} …"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_venv() {
  command -v npm >/dev/null 2>&1 || apt_install npm
  local stamp="$VENV/.playbook-stamp"
  local want
  want="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)"
  if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  say "准备 Python 虚拟环境 $VENV(首次约 20 秒)…"
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  # uv (from PyPI, pinned in constraints.txt) installs the pinned dependencies about four times
  # faster than pip; pip stays in the venv (the site's wheel steps use it) and is the fallback.
  # (grep drops pip's notes about absent local mirror folders some machines configure)
  if ! { "$VENV/bin/python" -m pip install -q -c "$ROOT/constraints.txt" uv &&
         "$VENV/bin/python" -m uv pip install -q --python "$VENV/bin/python" \
             -c "$ROOT/constraints.txt" -e "$ROOT[book,test]"
       } 2>&1 | { grep -vE "is ignored: it is neither a file nor a directory" || true; }; then
    say "uv 安装失败,改用 pip(较慢)…"
    if ! { "$VENV/bin/python" -m pip install -q -c "$ROOT/constraints.txt" -e "$ROOT[book,test]"
         } 2>&1 | { grep -vE "is ignored: it is neither a file nor a directory" || true; }; then
      say "依赖安装失败(见上方 pip 的输出)"; return 1
    fi
  fi
  echo "$want" > "$stamp"
  say "虚拟环境就绪。"
}
