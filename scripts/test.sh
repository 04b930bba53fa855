#!/usr/bin/env bash
# 一条命令运行全部测试:构建书(-W -n --keep-going,警告即错误),再运行 pytest
# (包的测试、nbval 执行每个笔记本、对已构建网页的检查和无头 Chromium 测试);
# 记录库的测试同时针对 SQLite 和一个临时启动的本地 PostgreSQL(scripts/postgres.sh)。
#
# pytest 分两部分,两部分合起来正好是全部测试,每项只运行一次(同一条规则划分:conftest.py 的
# needs_built_book):
#   第一部分 --book-part unbuilt:不需要构建好的书的测试(包括笔记本),一个进程,在构建书的同时
#            在后台运行(构建本身基本只用一个核:逐页执行各章代码);输出写入 book/_build/pytest-unbuilt.log,
#            结束后完整打印;
#   第二部分 --book-part built:网页检查、无头浏览器和 PDF 测试,书构建好以后在每个 CPU 核上运行
#            (pytest-xdist),同时后台打印整本书 PDF(scripts/pdf.sh;PDF 的测试等它,PLAYBOOK_PDF_PID)。
# 任何一部分失败、构建失败或 PDF 打印失败,命令都失败。其余参数同时交给两部分的 pytest。
set -euo pipefail
# Python's bytecode cache (__pycache__), even where the environment turns it off
# (PYTHONDONTWRITEBYTECODE=1, as some containers and this project's machines set): the run starts
# about a hundred Python processes (kernels, CLI runs, pytest and its workers, the book build), and
# without the cache each one compiles again every module it imports (2–3 s of CPU for a kernel's
# imports) and pytest rewrites every test module's assertions again in each process.
unset PYTHONDONTWRITEBYTECODE
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
ensure_venv
apt_install chromium chromium-driver postgresql
# 记录库(playbook.trainer.records)的测试也要连一个真实的 PostgreSQL:本机临时起一个,测试结束时停掉。
source "$ROOT/scripts/postgres.sh"
pg_start
unbuilt_pid=""
pdf_pid=""
stop_background() {  # on exit (also after a failure or Ctrl-C): no test or print process left behind
  for pid in $unbuilt_pid $pdf_pid; do kill "$pid" 2>/dev/null || true; done
  pg_stop
}
trap stop_background EXIT
export PLAYBOOK_REQUIRE_PG=1   # 缺少 PLAYBOOK_TEST_PG_URL 时 PostgreSQL 测试失败而不是跳过
cd "$ROOT"
mkdir -p book/_build
unbuilt_log="book/_build/pytest-unbuilt.log"
built_log="book/_build/pytest-built.log"
say "pytest 第一部分(不需要构建好的书的测试,一个进程)在后台运行,输出见 $unbuilt_log …"
"$VENV/bin/python" -m pytest --book-part unbuilt -n 0 "$@" > "$unbuilt_log" 2>&1 &
unbuilt_pid=$!

set +e
PLAYBOOK_PDF=0 bash "$ROOT/scripts/build.sh" --all -W -n --keep-going
build_status=$?
built_status=0
pdf_status=0
if [ "$build_status" -eq 0 ]; then
  # The printable book is printed in the background while the second part runs (its tests wait
  # for it: PLAYBOOK_PDF_PID, tests/conftest.py); a failed print fails the test command.
  rm -f book/_build/html/playbook.pdf
  bash "$ROOT/scripts/pdf.sh" > book/_build/pdf.log 2>&1 &
  pdf_pid=$!
  export PLAYBOOK_PDF_PID=$pdf_pid
  say "pytest 第二部分(需要构建好的书:网页、无头浏览器、PDF;pytest-xdist,每个 CPU 核一个进程)…"
  "$VENV/bin/python" -m pytest --book-part built "$@" 2>&1 | tee "$built_log"
  built_status=${PIPESTATUS[0]}
  wait "$pdf_pid"
  pdf_status=$?
  pdf_pid=""
else
  say "构建书失败(退出码 $build_status):不运行需要构建好的书的测试,等第一部分结束…"
fi
wait "$unbuilt_pid"
unbuilt_status=$?
unbuilt_pid=""
set -e

say "pytest 第一部分(不需要构建好的书)的完整输出:"
cat "$unbuilt_log"
summary() {  # summary LOG-OR-EMPTY STATUS: pytest's last line ("N passed in …") or the status
  local line=""
  [ -n "$1" ] && line="$(grep -E '^=+ .*(passed|failed|error|no tests ran).* =+$' "$1" | tail -n 1)"
  printf '%s' "${line:-退出码 $2}"
}
status=0
say "汇总:"
say "  构建书:$([ "$build_status" -eq 0 ] && echo 成功 || echo "失败(退出码 $build_status)")"
say "  pytest 第一部分(不需要构建好的书):$(summary "$unbuilt_log" "$unbuilt_status")"
if [ "$build_status" -eq 0 ]; then
  say "  pytest 第二部分(需要构建好的书):$(summary "$built_log" "$built_status")"
  if [ "$pdf_status" -eq 0 ]; then
    say "  整本书 PDF:$(tail -n 1 book/_build/pdf.log)"
  else
    say "  整本书 PDF 打印失败(退出码 $pdf_status),日志 book/_build/pdf.log:"
    tail -n 30 book/_build/pdf.log
  fi
fi
# pytest's 5 is "no tests collected": an error for the whole run (the test folders or configuration
# went wrong), fine for one part when the arguments select only tests of the other part.
if [ "$unbuilt_status" -eq 5 ] && [ "$built_status" -eq 5 ]; then
  say "pytest 没有收集到任何测试:这是错误(测试目录或配置出了问题)。"
  status=1
fi
for s in "$build_status" "$pdf_status"; do [ "$s" -eq 0 ] || status=1; done
for s in "$unbuilt_status" "$built_status"; do
  if [ "$s" -ne 0 ] && { [ "$s" -ne 5 ] || [ $# -eq 0 ]; }; then status=1; fi
done
[ "$status" -eq 0 ] && say "全部通过。" || say "有失败(见上方)。"
exit "$status"
