#!/usr/bin/env bash
# A 10,000-row employee CSV imported through the admin API, as an operator's automation would: check (nothing is
# written), confirm (answers 202 at once), then the status endpoint polled until the import is done. Starts the identity
# server in Release on 127.0.0.1 (Development settings and demo data, a scratch data folder, the default Argon2id costs),
# takes an operator token with the development back end's client_credentials, and imports into the first demo company.
# Prints each call's time, the progress seen while hashing, and the total. Bounded: gives up after LIMIT seconds.
#   bench/import.sh [rows=10000]        (LIMIT=1800)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000}" limit="${LIMIT:-1800}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
source bench/lib/harmony-server.sh
build_harmony

data="$(mktemp -d)" port="$(free_port)"
trap 'stop_harmony; rm -rf "$data"' EXIT
start_harmony "$data" "$port"

python3 - "$port" "$rows" "$limit" <<'PY'
import json, sys, time, urllib.request, urllib.parse, uuid
port, rows, limit = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
base = f"http://127.0.0.1:{port}"

def call(method, path, body=None, headers=None, token=None):
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers, json.loads(response.read() or b"null"), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(), time.monotonic() - started

form = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "harmony_admin",
                               "client_id": "harmony-dev-service", "client_secret": "dev-service-secret-change-me"}).encode()
_, _, token, _ = call("POST", "/connect/token", form, {"Content-Type": "application/x-www-form-urlencoded"})
token = token["access_token"]
_, _, companies, _ = call("GET", "/api/admin/companies", token=token)
company = (companies["items"] if isinstance(companies, dict) else companies)[0]["id"]

lines = ["employee_number,name,email,locale"] + [f"B{i:06d},社員 {i},bench{i}@example.com,ja" for i in range(rows)]
csv = ("\n".join(lines) + "\n").encode("utf-8")
boundary = uuid.uuid4().hex
body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.csv\"\r\n"
        f"Content-Type: text/csv\r\n\r\n").encode() + csv + f"\r\n--{boundary}--\r\n".encode()
multipart = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
path = f"/api/admin/companies/{company}/employees/import"

status, _, report, took = call("POST", path, body, multipart, token)
assert status == 200, (status, report)
print(f"check: {status} in {took:.1f} s, {len(report['validRows'])} valid of {report['totalRows']}")
started = time.monotonic()
status, headers, accepted, took = call("POST", f"{path}?confirm=true&fileHash={report['fileHash']}", body, multipart, token)
assert status == 202, (status, accepted)
print(f"confirm: {status} in {took:.1f} s")
location = urllib.parse.urlsplit(headers["Location"]).path
seen = []
while time.monotonic() - started < limit:
    _, _, state, _ = call("GET", location, token=token)
    seen.append((time.monotonic() - started, state["status"], state["hashed"]))
    if state["status"] in ("done", "failed"):
        break
    time.sleep(2)
for at, status, hashed in seen[:: max(1, len(seen) // 8)] + [seen[-1]]:
    print(f"  {at:7.1f} s  {status:8} hashed {hashed}/{report['totalRows']}")
final = seen[-1]
print(f"import: {final[1]} after {final[0]:.0f} s ({rows / max(final[0], 0.001):.0f} rows/s)")
sys.exit(0 if final[1] == "done" else 1)
PY
