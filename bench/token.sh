#!/usr/bin/env bash
# Token endpoint (client_credentials), discovery and JWKS of Harmony, side by side in one run with panva's
# oidc-provider (bench/reference/oidc-provider.mjs, installed from npm into a scratch folder). Both run on 127.0.0.1
# over plain http. Each gets a warm-up under load first (.NET needs 10-20 s before figures count), then RUNS runs of
# `wrk -t1 -c8 -dDURATION --latency` per endpoint, alternating the two servers; the median run is reported.
#   bench/token.sh            (RUNS=3 DURATION=10s WARMUP=20 CONNECTIONS=8 by default)
# Needs wrk (apt-get install wrk), node and npm. Prints a Markdown table; exits non-zero if any answer was not 2xx.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}" duration="${DURATION:-10s}" warmup="${WARMUP:-20}" connections="${CONNECTIONS:-8}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v wrk >/dev/null || { echo "bench/token.sh needs wrk: apt-get install wrk" >&2; exit 1; }

source bench/lib/harmony-server.sh
scratch="$(mktemp -d)"
reference_pid=""
cleanup() {
  stop_harmony
  [ -z "$reference_pid" ] || { kill "$reference_pid" 2>/dev/null || true; wait "$reference_pid" 2>/dev/null || true; }
  rm -rf "$scratch"
}
trap cleanup EXIT

build_harmony
(cd "$scratch" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error oidc-provider@9.13.3 >/dev/null)
cp bench/reference/oidc-provider.mjs "$scratch/"

harmony_port="$(free_port)" reference_port="$(free_port)"
mkdir -p "$scratch/harmony"
# shellcheck disable=SC2086 # HARMONY_BENCH_SETTINGS holds NAME=VALUE words
start_harmony "$scratch/harmony" "$harmony_port" ${HARMONY_BENCH_SETTINGS:-}
(cd "$scratch" && exec node oidc-provider.mjs "$reference_port") >"$scratch/reference.log" 2>&1 &
reference_pid=$!
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$reference_port/.well-known/openid-configuration" && break; sleep 1; done
curl -fs -o /dev/null "http://127.0.0.1:$reference_port/.well-known/openid-configuration" ||
  { echo "oidc-provider did not start:" >&2; cat "$scratch/reference.log" >&2; exit 1; }

export SCOPE=harmony_admin AUTHORIZATION="Basic $(printf '%s' 'harmony-dev-service:dev-service-secret-change-me' | base64 -w0)"
harmony="http://127.0.0.1:$harmony_port" reference="http://127.0.0.1:$reference_port"
# name|Harmony path|reference path|wrk script
endpoints=(
  "token, client_credentials|/connect/token|/token|bench/lib/client-credentials.lua"
  "discovery|/.well-known/openid-configuration|/.well-known/openid-configuration|"
  "JWKS|/.well-known/jwks|/jwks|"
)

# CPU time (user + system) the process has used so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second="$(getconf CLK_TCK)"

# One wrk run against the server of process $4; prints "req/s p50_ms p99_ms non2xx cpu_ms_per_request".
measure() {
  local url="$1" script="$2" pid="$4" out before after
  before="$(cpu_ticks "$pid")"
  out="$(wrk -t1 -c"$connections" -d"$3" --latency ${script:+-s "$script"} "$url")"
  after="$(cpu_ticks "$pid")"
  awk -v ticks="$((after - before))" -v hz="$ticks_per_second" '
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    /Requests\/sec/ { rps = $2 }
    / requests in / { count = $1 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%s %.2f %.2f %d %.3f\n", rps, p50, p99, bad + 0, (count > 0 ? ticks * 1000 / hz / count : 0) }' <<<"$out"
}

for entry in "${endpoints[@]}"; do
  IFS='|' read -r _ harmony_path reference_path script <<<"$entry"
  measure "$harmony$harmony_path" "$script" "${warmup}s" "$harmony_pid" >/dev/null
  measure "$reference$reference_path" "$script" "$((warmup / 2))s" "$reference_pid" >/dev/null
done

median() { sort -n -k1,1 | awk '{ lines[NR] = $0 } END { print lines[int((NR + 1) / 2)] }'; }
failed=0
runs_seen=""
echo "| endpoint | Harmony req/s (p50 / p99 ms, CPU ms per request) | oidc-provider req/s (p50 / p99 ms, CPU ms per request) | ratio |"
echo "| --- | --- | --- | --- |"
for entry in "${endpoints[@]}"; do
  IFS='|' read -r name harmony_path reference_path script <<<"$entry"
  : >"$scratch/h" ; : >"$scratch/r"
  for _ in $(seq 1 "$runs"); do
    measure "$harmony$harmony_path" "$script" "$duration" "$harmony_pid" >>"$scratch/h"
    measure "$reference$reference_path" "$script" "$duration" "$reference_pid" >>"$scratch/r"
  done
  read -r h_rps h_p50 h_p99 _ h_cpu < <(median <"$scratch/h")
  read -r r_rps r_p50 r_p99 _ r_cpu < <(median <"$scratch/r")
  bad="$(awk '{ s += $4 } END { print s + 0 }' "$scratch/h" "$scratch/r")"
  [ "$bad" -eq 0 ] || { echo "$name: $bad answers were not 2xx" >&2; failed=1; }
  printf '| %s | %s (%s / %s, %s) | %s (%s / %s, %s) | %s× |\n' "$name" "$h_rps" "$h_p50" "$h_p99" "$h_cpu" "$r_rps" "$r_p50" "$r_p99" "$r_cpu" \
    "$(awk -v a="$h_rps" -v b="$r_rps" 'BEGIN { printf "%.2f", a / b }')"
  runs_seen+="$name: Harmony $(awk '{ printf "%s ", $1 }' "$scratch/h")/ reference $(awk '{ printf "%s ", $1 }' "$scratch/r")"$'\n'
done
echo
printf 'Each run (req/s), in the order run:\n%s' "$runs_seen"
exit "$failed"
