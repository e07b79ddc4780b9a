#!/usr/bin/env bash
# A throwaway PostgreSQL server of Debian's postgresql package, for the test command (./test.sh) and the local
# cluster (deploy/local-cluster.sh): its files in a folder of its own, listening on 127.0.0.1 only, run by an
# unprivileged system user (PostgreSQL refuses root), removed when stopped.
#
#   deploy/throwaway-postgres.sh start FOLDER [--fast] [--database NAME]
#                                                      installs postgresql if missing (as root), creates and starts the
#                                                      server on a free port, and creates database NAME if given; the
#                                                      last line printed is its connection string (user "harmony", a
#                                                      random password, and NAME as its database if given)
#   deploy/throwaway-postgres.sh pid FOLDER             the server's PID
#   deploy/throwaway-postgres.sh stop FOLDER            stops it and removes FOLDER
#
# --fast turns durability off (fsync, synchronous commit, full-page writes): right for tests, wrong for a cluster that is
# meant to survive a killed node.
set -euo pipefail

pg_user=harmonypg
say() { echo "throwaway-postgres: $*" >&2; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then (cd "$folder" && runuser -u "$pg_user" -- "$@"); else "$@"; fi
}

install_if_missing() {
  [ -n "$(pg_bin)" ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing postgresql"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    say "needs Debian's postgresql: sudo apt-get update && sudo apt-get install -y postgresql"
    exit 1
  fi
}

start() {
  local fast=$1 database=$2 bin password port options
  install_if_missing
  if [ "$(id -u)" -eq 0 ] && ! id "$pg_user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
  fi
  mkdir -p "$folder"
  chmod 755 "$folder"
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$folder/password"
  [ "$(id -u)" -eq 0 ] && chown -R "$pg_user" "$folder"
  bin=$(pg_bin)
  as_pg_user "$bin/initdb" -D "$folder/data" -U harmony --pwfile="$folder/password" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }
  options="-c listen_addresses=127.0.0.1 -k $folder -c max_connections=300"
  [ "$fast" = yes ] && options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
    if as_pg_user "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 start -o "$options -p $port" >/dev/null; then
      say "PostgreSQL on 127.0.0.1:$port, files in $folder"
      if [ -n "$database" ]; then
        PGPASSWORD=$password "$bin/createdb" -h 127.0.0.1 -p "$port" -U harmony "$database"
        echo "Host=127.0.0.1;Port=$port;Username=harmony;Password=$password;Database=$database"
      else
        echo "Host=127.0.0.1;Port=$port;Username=harmony;Password=$password"
      fi
      return 0
    fi
  done
  cat "$folder/server.log" >&2
  exit 1
}

stop() {
  [ -d "$folder" ] || return 0
  if [ -f "$folder/data/postmaster.pid" ]; then
    as_pg_user "$(pg_bin)/pg_ctl" -D "$folder/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_pg_user "$(pg_bin)/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$folder"
}

command=${1:-}
folder=${2:-}
[ -n "$folder" ] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
case "$command" in
  start)
    shift 2
    fast=no database=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --fast) fast=yes ;;
        --database) database=${2:?--database needs a name}; shift ;;
        *) echo "throwaway-postgres: unknown option $1" >&2; exit 2 ;;
      esac
      shift
    done
    start "$fast" "$database"
    ;;
  pid) head -n 1 "$folder/data/postmaster.pid" ;;
  stop) stop ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
