#!/usr/bin/env bash
# Runs every test of Harmony Identity from a clean clone: installs what the tests need, builds, tests,
# and ends with one line "N passed, N failed" taken from the test results. Exit code 0 only when all pass.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK 10 is required (https://dotnet.microsoft.com/download)." >&2
  exit 1
fi

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here), need Japanese fonts to
# render the pages, and inject axe-core, pinned in tests/browser-tools/package.json.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
has_japanese_fonts() {
  if command -v fc-list >/dev/null 2>&1; then
    [ -n "$(fc-list :lang=ja family)" ]
  else
    [ "$(dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null)" = "install ok installed" ]
  fi
}
missing=()
[ -x "${HARMONY_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
has_japanese_fonts || missing+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The deployment tests check HAProxy's configuration and generate certificates with OpenSSL.
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing for the tests: ${missing[*]}"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
      echo "Could not install ${missing[*]}: the tests that need them will fail." >&2
    fi
  else
    echo "The tests need ${missing[*]}: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    echo "(or set HARMONY_SKIP_BROWSER=1 to mark them inconclusive on a machine without Chromium; never in CI)" >&2
  fi
fi
if command -v npm >/dev/null 2>&1; then
  (cd tests/browser-tools && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "npm ci failed in tests/browser-tools: the browser tests need axe-core." >&2
fi
rm -rf artifacts/screenshots artifacts/accessibility artifacts/browser-tests.txt

# The data tests (README, "Server databases") run on PostgreSQL as well as SQLite: a throwaway server of Debian's
# postgresql (15 on bookworm) in a temporary folder, on 127.0.0.1 only, run by an unprivileged user (PostgreSQL refuses
# root), stopped and removed at the end. Each test server creates its own database on it. A developer may set
# HARMONY_TEST_POSTGRES to a server of their own instead.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
pg_dir=""
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    as_pg_user "$(pg_bin)/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then (cd "$pg_dir" && runuser -u harmonypg -- "$@"); else "$@"; fi
}
start_postgres() {
  if [ -z "$(pg_bin)" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing PostgreSQL for the data tests"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      echo "The PostgreSQL runs of the data tests need Debian's postgresql (sudo apt-get install -y postgresql)," >&2
      echo "or HARMONY_TEST_POSTGRES naming a server; without either they are reported ignored." >&2
      return 0
    fi
  fi
  if [ "$(id -u)" -eq 0 ] && ! id harmonypg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin harmonypg
  fi
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/harmony-postgres.XXXXXX")
  local password
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$pg_dir/password"
  [ "$(id -u)" -eq 0 ] && chown -R harmonypg "$pg_dir"
  local bin
  bin=$(pg_bin)
  as_pg_user "$bin/initdb" -D "$pg_dir/data" -U harmony --pwfile="$pg_dir/password" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; return 1; }
  local port
  for _ in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue # taken
    # Durability is not what a throwaway server is for: no fsync keeps the suite fast.
    if as_pg_user "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 start -o "-c listen_addresses=127.0.0.1 \
      -p $port -k $pg_dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
      export HARMONY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=harmony;Password=$password"
      echo "PostgreSQL for the data tests on 127.0.0.1:$port"
      return 0
    fi
  done
  cat "$pg_dir/server.log" >&2
  return 1
}
trap stop_postgres EXIT
if [ -z "${HARMONY_TEST_POSTGRES:-}" ]; then
  start_postgres || { echo "Could not start PostgreSQL for the data tests." >&2; exit 1; }
fi

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

set +e
dotnet test Harmony.Identity.sln --configuration Release \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?
set -e

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the runner failed before any test could report: count that as a failure.
  failed=1
fi
# How long the browser scenarios took (written by their set-up fixture), to keep an eye on the 20-minute budget.
[ -f artifacts/browser-tests.txt ] && cat artifacts/browser-tests.txt
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
