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
pg_dir=""
stop_postgres() { [ -z "$pg_dir" ] || bash deploy/throwaway-postgres.sh stop "$pg_dir"; }
trap stop_postgres EXIT
if [ -z "${HARMONY_TEST_POSTGRES:-}" ]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/harmony-postgres.XXXXXX")
  HARMONY_TEST_POSTGRES=$(bash deploy/throwaway-postgres.sh start "$pg_dir" --fast | tail -n 1) ||
    { echo "Could not start PostgreSQL for the data tests." >&2; exit 1; }
  export HARMONY_TEST_POSTGRES
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
# The failed tests again, by name with the first line of their message, so that the end of a long log says what failed.
for trx in "$results"/*.trx; do
  awk '
    /<UnitTestResult / { failing = ($0 ~ /outcome="Failed"/); named = 0
      if (failing && match($0, /testName="[^"]*"/)) { print "Failed: " substr($0, RSTART + 10, RLENGTH - 11); named = 1 } }
    failing && named && /<Message>/ { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line)
      print "  " substr(line, 1, 400); failing = 0 }
  ' "$trx" | sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&apos;/'"'"'/g; s/&amp;/\&/g'
done
# How long the browser scenarios took (written by their set-up fixture), to keep an eye on the 20-minute budget.
[ -f artifacts/browser-tests.txt ] && cat artifacts/browser-tests.txt
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
