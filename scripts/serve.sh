#!/usr/bin/env bash
# 一条命令:准备环境、构建书,并在 http://127.0.0.1:8000 提供。
# 已经构建过:增量构建后提供完整版。第一次构建(新克隆):先用约一分钟做一个快速版
# (每一页、页内计算器和练习都可用,只是各章代码生成的表格和图表还没有)并立即提供,
# 同时在后台构建完整版,建好后服务器自动换成完整版(刷新页面即可看到)。
# 压缩副本和整本书 PDF(playbook.pdf)随后在后台生成(日志:book/_build/background.log)。
# PLAYBOOK_PDF=0 不打印。
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
cd "$ROOT"
"$VENV/bin/python" -m playbook kb          # YAML changed? refresh the snapshot first
# The server serves book/_build/site, a link to a complete build: the quick one first (fresh
# clone), the full one (book/_build/html) once it is there. The link is replaced in one rename,
# so every request sees one whole site.
site="book/_build/site"
point_site() {  # point_site DIR (relative to book/_build)
  ln -sfn "$1" "$site.new.$$" && mv -Tf "$site.new.$$" "$site"
}
background() {  # the full site's finishing work: compressed copies, then the PDF
  "$VENV/bin/python" -m playbook.site.precompress book/_build/html "${PLAYBOOK_CACHE:-$ROOT/.cache}/precompressed"
  if [ "${PLAYBOOK_PDF:-1}" != "0" ]; then bash "$ROOT/scripts/pdf.sh"; fi
}
mkdir -p book/_build
: > book/_build/background.log
if [ -f book/_build/html/index.html ]; then
  # The compressed copies (playbook.site.precompress) and the PDF are made in the background:
  # until the copies are written, the server sends the files themselves.
  PLAYBOOK_PDF=0 PLAYBOOK_PRECOMPRESS=0 bash "$ROOT/scripts/build.sh"
  point_site html
  rm -rf book/_build/quick   # a quick site left by an earlier first run
  say "压缩副本和整本书 PDF 在后台生成(日志 book/_build/background.log),网页现在就可以打开。"
  export -f background; export VENV ROOT
  setsid bash -c background >> book/_build/background.log 2>&1 &
else
  say "第一次构建:先构建快速版(不执行各章代码),建好就提供;完整版在后台构建。"
  rm -rf book/_build/quick
  PLAYBOOK_QUICK=1 PLAYBOOK_PDF=0 PLAYBOOK_PRECOMPRESS=0 bash "$ROOT/scripts/build.sh" --path-output book/_build/quick
  point_site quick/_build/html
  say "快速版已提供;完整版(执行各章代码)在后台构建,完成后自动切换(日志 book/_build/background.log)。"
  export -f background point_site say; export VENV ROOT site
  # (fd 3: the terminal, for the two lines the reader should see; everything else to the log)
  setsid bash -c '
    if PLAYBOOK_PDF=0 PLAYBOOK_PRECOMPRESS=0 bash "$ROOT/scripts/build.sh" && [ -f book/_build/html/index.html ]; then
      point_site html
      (sleep 60; rm -rf book/_build/quick) &   # after the requests it was serving are answered
      say "完整版已建好,服务器已切换到完整版:刷新页面即可看到各章的表格和图表。" >&3
      background
    else
      say "完整版构建失败(日志 book/_build/background.log);服务器继续提供快速版。" >&3
    fi' 3>&1 >> book/_build/background.log 2>&1 &
fi
bg_pid=$!
# Stop the background work with the server (its own process group: the build's children, and
# pdfbook, which stops its headless browser on SIGTERM).
stop_background() { kill -TERM -- "-$bg_pid" 2>/dev/null || true; }
trap stop_background EXIT
# (and on a closed terminal or output pipe: a SIGPIPE would end this script before the trap)
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE
"$VENV/bin/python" -m playbook serve "$site" --port "${PORT:-8000}"
