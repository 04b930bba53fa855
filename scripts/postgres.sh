#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of playbook.trainer.records (Debian package `postgresql`).
#
# Sourced by scripts/test.sh:   source scripts/postgres.sh && pg_start && trap pg_stop EXIT
# or on its own:                bash scripts/postgres.sh start|stop|status|url
#
# The cluster lives in $ROOT/.cache/pgtest (or /tmp/playbook-pgtest-<uid> when the user
# `postgres` cannot reach $ROOT), trusts connections from 127.0.0.1 only, listens on 127.0.0.1
# at $PLAYBOOK_PG_PORT (default: a port from 54330–54829 derived from the checkout's path, never
# PostgreSQL's usual 5432) with its unix socket in /tmp, and has a database `playbook_test`.
# pg_start exports
#   PLAYBOOK_TEST_PG_URL=postgresql://postgres@127.0.0.1:<port>/playbook_test
# Re-running is quick: an existing cluster is reused, a running server is left running (and then
# pg_stop leaves it running too: only the server this shell started is stopped).
# Root cannot run the server, so as root every server command runs as the user `postgres`.

if [ -z "${ROOT:-}" ]; then
  ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fi
if ! declare -F apt_install >/dev/null; then
  # shellcheck source=bootstrap.sh
  source "$ROOT/scripts/bootstrap.sh"
fi

# One port per checkout (54330–54829, from its path): two checkouts' test runs at the same time
# each have their own server, and one run's pg_stop never stops the server the other is using.
PG_PORT="${PLAYBOOK_PG_PORT:-$((54330 + $(printf '%s' "$ROOT" | cksum | cut -d' ' -f1) % 500))}"
PG_DB=playbook_test
PG_SOCKET_DIR="/tmp/playbook-pgtest-sock-$PG_PORT"
PG_STARTED_HERE=0

_pg_as() {  # run a command as the cluster's owner (postgres when we are root, else ourselves)
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

_pg_bin() {  # newest installed server's bin folder
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$d" ] && [ -x "$d/initdb" ] || return 1
  printf '%s\n' "$d"
}

_pg_dir() {  # cluster folder, reachable and writable by the server's user
  local dir="$ROOT/.cache/pgtest"
  if [ "$(id -u)" -ne 0 ]; then mkdir -p "$dir" && printf '%s\n' "$dir"; return; fi
  mkdir -p "$dir" 2>/dev/null && chown postgres: "$dir" 2>/dev/null && chmod 700 "$dir" &&
    runuser -u postgres -- test -w "$dir" 2>/dev/null && { printf '%s\n' "$dir"; return 0; }
  dir="/tmp/playbook-pgtest-$(id -u)"
  mkdir -p "$dir" && chown postgres: "$dir" && chmod 700 "$dir"
  printf '%s\n' "$dir"
}

pg_url() { printf 'postgresql://postgres@127.0.0.1:%s/%s\n' "$PG_PORT" "$PG_DB"; }

pg_start() {
  apt_install postgresql || return 1
  local bin dir data
  bin="$(_pg_bin)" || { say "找不到 PostgreSQL 服务器程序(/usr/lib/postgresql/*/bin)"; return 1; }
  dir="$(_pg_dir)" || { say "无法创建 PostgreSQL 测试集群目录"; return 1; }
  data="$dir/data"
  mkdir -p "$PG_SOCKET_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_SOCKET_DIR"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    say "初始化 PostgreSQL 测试集群 $data …"
    rm -rf "$data"
    _pg_as "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >/dev/null || {
      say "initdb 失败"; return 1; }
    # Only loopback TCP and the local socket; trust is fine for a throwaway test cluster.
    _pg_as sh -c "printf '%s\n' \
      'local all all trust' \
      'host all all 127.0.0.1/32 trust' > '$data/pg_hba.conf'"
  fi
  if _pg_as "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "PostgreSQL 测试服务器已在运行(127.0.0.1:$PG_PORT)"
  else
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; then
      # Another checkout's test server (same script, same port): usable as it is.
      if _pg_as "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
        say "127.0.0.1:$PG_PORT 上已有可用的 PostgreSQL(另一份检出的测试服务器),直接使用"
      else
        say "端口 $PG_PORT 已被占用且无法以 postgres 用户连接:请设置 PLAYBOOK_PG_PORT 换一个端口"; return 1
      fi
    else
      say "启动 PostgreSQL 测试服务器(127.0.0.1:$PG_PORT)…"
      # fsync off: a throwaway cluster; the tests kill clients, never this server.
      if ! _pg_as "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCKET_DIR -c fsync=off -c max_connections=50" \
          start >/dev/null; then
        say "PostgreSQL 启动失败,日志:$dir/server.log"; tail -n 20 "$dir/server.log" 2>/dev/null; return 1
      fi
      PG_STARTED_HERE=1
    fi
  fi
  if [ "$(_pg_as "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    _pg_as "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB" || {
      say "创建数据库 $PG_DB 失败"; return 1; }
  fi
  PLAYBOOK_TEST_PG_URL="$(pg_url)"
  export PLAYBOOK_TEST_PG_URL
}

pg_stop() {  # stop the server if this shell started it (or always, with `pg_stop --force`)
  local bin dir
  if [ "$PG_STARTED_HERE" -ne 1 ] && [ "${1:-}" != "--force" ]; then return 0; fi
  bin="$(_pg_bin)" || return 0
  dir="$(_pg_dir)" || return 0
  if _pg_as "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    _pg_as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    say "PostgreSQL 测试服务器已停止"
  fi
  PG_STARTED_HERE=0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-start}" in
    start) pg_start && echo "PLAYBOOK_TEST_PG_URL=$PLAYBOOK_TEST_PG_URL" ;;
    stop) pg_stop --force ;;
    status) bin="$(_pg_bin)" && _pg_as "$bin/pg_ctl" -D "$(_pg_dir)/data" status ;;
    url) pg_url ;;
    *) echo "用法:bash scripts/postgres.sh [start|stop|status|url]" >&2; exit 2 ;;
  esac
fi
