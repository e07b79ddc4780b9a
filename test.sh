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
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
