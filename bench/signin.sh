#!/usr/bin/env bash
# Full sign-ins per second (authorize -> login page -> POST the password -> code -> token, one account, CONCURRENCY
# at once) against the identity server started in Release on 127.0.0.1 with its default hash (Argon2id), then against
# the same server configured with PBKDF2-210k, each in one run with the hash bound: password verifications per second
# on every core with the same costs (bench/HashBound, the server's own hasher classes). Reports sign-ins/s, latency,
# server CPU per sign-in, the server's peak RSS, the load generator's own CPU per sign-in (it runs on the same cores) and
# sign-ins as a share of the bound. A third run with a hash that costs nothing gives the ceiling of everything else.
#   bench/signin.sh            (WARMUP=60 DURATION=30 CONCURRENCY=8 by default; seconds)
# The warm-up is long because under this load the JIT keeps compiling for about a minute after start (decision 0032).
# Loopback only; every loop is bounded by its duration.
set -euo pipefail
cd "$(dirname "$0")/.."
warmup="${WARMUP:-60}" duration="${DURATION:-30}" concurrency="${CONCURRENCY:-8}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
source bench/lib/harmony-server.sh
build_harmony
for tool in HashBound SignInLoad; do dotnet build "bench/$tool/$tool.csproj" -c Release --nologo --verbosity quiet >/dev/null; done
hash_bound="bench/HashBound/bin/Release/net10.0/HashBound"
signin_load="bench/SignInLoad/bin/Release/net10.0/SignInLoad"

scratch="$(mktemp -d)"
trap 'stop_harmony; rm -rf "$scratch"' EXIT

# run NAME [settings...]: starts a fresh server with those settings, loads it, prints one Markdown row.
run() {
  local name="$1"; shift
  local data="$scratch/$name" port
  port="$(free_port)"
  mkdir -p "$data"
  # One account signing in again and again: the per-ID and per-address limits would refuse it.
  start_harmony "$data" "$port" Harmony__SignIn__AttemptsPerLoginId=100000000 Harmony__SignIn__MaxPasswordChecksPerClient=1000 "$@"
  "$signin_load" "$port" "$harmony_pid" "$warmup" "$duration" "$concurrency" >"$data/load"
  stop_harmony
  read -r signins p50 p99 cpu rss failures load_cpu <"$data/load"
  echo "$name $signins $p50 $p99 $cpu $rss $failures $load_cpu"
}

argon=$(run argon2id)
pbkdf2=$(run pbkdf2 Harmony__Passwords__Algorithm=Pbkdf2)
# The ceiling of everything but the hash: the same server with a hash that costs nothing (PBKDF2, one iteration; the
# demo account's hash is replaced at its first sign-in).
free=$(run no-hash Harmony__Passwords__Algorithm=Pbkdf2 Harmony__Passwords__HashIterations=1)
read -r argon_bound argon_ms threads < <("$hash_bound" argon2id 10)
read -r pbkdf2_bound pbkdf2_ms _ < <("$hash_bound" pbkdf2 10)

echo "| server | sign-ins/s | p50 / p99 ms | server CPU ms per sign-in | load generator CPU ms per sign-in | peak RSS MB | hash bound ($threads cores) | share of the bound | failures |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
failed=0
for row in "$argon $argon_bound $argon_ms" "$pbkdf2 $pbkdf2_bound $pbkdf2_ms"; do
  read -r name signins p50 p99 cpu rss failures load_cpu bound ms <<<"$row"
  [ "$failures" -eq 0 ] || failed=1
  printf '| %s | %s | %s / %s | %s | %s | %s | %s/s (%s ms a hash) | %s %% | %s |\n' "$name" "$signins" "$p50" "$p99" "$cpu" "$load_cpu" "$rss" \
    "$bound" "$ms" "$(awk -v s="$signins" -v b="$bound" 'BEGIN { printf "%.0f", 100 * s / b }')" "$failures"
done
read -r name signins p50 p99 cpu rss failures load_cpu <<<"$free"
[ "$failures" -eq 0 ] || failed=1
printf '| %s | %s | %s / %s | %s | %s | %s | none | – | %s |\n' "$name" "$signins" "$p50" "$p99" "$cpu" "$load_cpu" "$rss" "$failures"
echo
echo "Argon2id sign-ins / PBKDF2 sign-ins: $(awk -v a="$(cut -d' ' -f2 <<<"$argon")" -v p="$(cut -d' ' -f2 <<<"$pbkdf2")" 'BEGIN { printf "%.2f", a / p }')×"
echo "90 % of the Argon2id bound: $(awk -v b="$argon_bound" 'BEGIN { printf "%.1f", 0.9 * b }')/s; the server with no hash cost at all: $signins/s"
exit "$failed"
