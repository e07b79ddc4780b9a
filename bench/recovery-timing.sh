#!/usr/bin/env bash
# Do the recovery pages take as long for an unknown login ID / address as for a registered one? Starts the identity
# server in Release on 127.0.0.1 (Development settings and demo data, a scratch data folder, the limits raised so
# that every request takes the path being measured), warms it up, then alternates requests for the demo employee
# and for unknown targets and prints the median of each and their difference. Loopback only; bounded.
#   bench/recovery-timing.sh [requests per path, default 400]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-400}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/IdentityServer/Harmony.Identity.Server.csproj -c Release --nologo --verbosity quiet >/dev/null

data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
(cd src/IdentityServer && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
  Harmony__Storage__DataPath="$data" Logging__LogLevel__Default=Warning Harmony__Jobs__Enabled=${JOBS:-true} \
  Harmony__Recovery__PerClientLimit=1000000 Harmony__Recovery__PerAccountLimit=1000000 Harmony__Recovery__PerAccountDailyLimit=1000000 \
  dotnet bin/Release/net10.0/Harmony.Identity.Server.dll) >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/account/login" >/dev/null && break; sleep 1; done

python3 - "$port" "$count" <<'PY'
import http.client, re, statistics, sys, time, urllib.parse, uuid
port, count = int(sys.argv[1]), int(sys.argv[2])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
cookies = {}

def request(method, path, body=None):
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";")[0]
    return response.status, data.decode("utf-8", "replace"), elapsed

def token(path):
    _, html, _ = request("GET", path)
    return re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html).group(1)

def post(path, field, value, form_token):
    status, _, elapsed = request("POST", path, urllib.parse.urlencode({field: value, "__RequestVerificationToken": form_token}))
    assert status == 302, status
    return elapsed

pages = [
    ("/account/forgot-password", "LoginId", "demo-employee", lambda: "nobody-" + uuid.uuid4().hex[:10]),
    ("/account/forgot-login-id", "Email", "taro.yamada@example.com", lambda: f"nobody-{uuid.uuid4().hex[:10]}@example.com"),
]
# Warm-up: the JIT and the caches, well past .NET's first seconds.
deadline = time.time() + 15
while time.time() < deadline:
    for path, field, known, unknown in pages:
        t = token(path); post(path, field, known, t); post(path, field, unknown(), t)

for path, field, known, unknown in pages:
    form_token = token(path)
    known_times, unknown_times = [], []
    for _ in range(count):
        known_times.append(post(path, field, known, form_token))
        unknown_times.append(post(path, field, unknown(), form_token))
    k, u = statistics.median(known_times) * 1000, statistics.median(unknown_times) * 1000
    print(f"{path:28} registered: median {k:6.2f} ms   unknown: median {u:6.2f} ms   difference {abs(k - u) / max(k, u) * 100:4.1f} %  ({count} each)")
PY
