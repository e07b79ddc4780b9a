#!/usr/bin/env bash
# The long run of the robustness fuzzer (tests/Harmony.Identity.Tests/Robustness): the same seeded generator as CI, with
# more cases, against the identity server and the admin site started by the tests on 127.0.0.1 (Kestrel, free ports).
#   bench/fuzz.sh [total-cases=50000] [seed=random] [minutes-per-area=10]
# The cases are split over the four areas (protocol, pages and forms, admin API, admin site); each area stops at its time budget.
# Replay a failing case from its report with HARMONY_FUZZ_SEED and HARMONY_FUZZ_ONLY (see bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
total="${1:-50000}"
seed="${2:-$RANDOM$RANDOM}"
minutes="${3:-10}"
[[ "$total" =~ ^[0-9]+$ && "$seed" =~ ^-?[0-9]+$ && "$minutes" =~ ^[0-9]+$ ]] || { echo "usage: $0 [total-cases] [seed] [minutes-per-area]" >&2; exit 2; }
per_area=$(( (total + 3) / 4 ))
echo "fuzz: seed $seed, $per_area cases per area, at most $minutes min per area"
dotnet build tests/Harmony.Identity.Tests -c Release -v quiet -nologo >/dev/null
HARMONY_FUZZ_SEED="$seed" HARMONY_FUZZ_CASES="$per_area" HARMONY_FUZZ_MINUTES="$minutes" \
  dotnet test tests/Harmony.Identity.Tests -c Release --no-build \
    --filter "FullyQualifiedName~Robustness.MalformedRequestTests|FullyQualifiedName~Robustness.AdminSiteMalformedRequestTests.MalformedRequests" \
    --logger "console;verbosity=normal" 2>&1 |
  grep -E '^(Protocol|Pages|AdminApi|AdminSite), seed|^  (Passed|Failed) |^ +[0-9]+ x |^  seed |Replay:|^Total tests|^ +(Passed|Failed):' || true
