"""A small client of the identity server's admin API for the benchmarks: one call, timed, and an operator token from the
development back end's client_credentials client (Development settings only)."""
import json
import time
import urllib.error
import urllib.parse
import urllib.request


class AdminApi:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.token = None

    def call(self, method, path, body=None, headers=None, timeout=300):
        """(status, headers, parsed body or error text, seconds) of one request."""
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=dict(headers or {}))
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.headers, json.loads(response.read() or b"null"), time.monotonic() - started
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(), time.monotonic() - started

    def json(self, method, path, value):
        return self.call(method, path, json.dumps(value).encode(), {"Content-Type": "application/json"})

    def sign_in_as_operator_client(self):
        form = urllib.parse.urlencode({"grant_type": "client_credentials", "scope": "harmony_admin",
                                       "client_id": "harmony-dev-service",
                                       "client_secret": "dev-service-secret-change-me"}).encode()
        _, _, answer, _ = self.call("POST", "/connect/token", form, {"Content-Type": "application/x-www-form-urlencoded"})
        self.token = answer["access_token"]

    def first_company(self):
        _, _, companies, _ = self.call("GET", "/api/admin/companies")
        return (companies["items"] if isinstance(companies, dict) else companies)[0]["id"]

    def import_employees(self, company, lines, limit):
        """Checks and confirms a CSV import, then polls it until done: (status seen at each poll, seconds, report)."""
        import uuid
        csv = ("\n".join(lines) + "\n").encode("utf-8")
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bench.csv\"\r\n"
                f"Content-Type: text/csv\r\n\r\n").encode() + csv + f"\r\n--{boundary}--\r\n".encode()
        multipart = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        path = f"/api/admin/companies/{company}/employees/import"
        status, _, report, took = self.call("POST", path, body, multipart)
        assert status == 200, (status, report)
        print(f"check: {status} in {took:.1f} s, {len(report['validRows'])} valid of {report['totalRows']}")
        started = time.monotonic()
        status, headers, accepted, took = self.call("POST", f"{path}?confirm=true&fileHash={report['fileHash']}", body, multipart)
        assert status == 202, (status, accepted)
        print(f"confirm: {status} in {took:.1f} s")
        location = urllib.parse.urlsplit(headers["Location"]).path
        seen = []
        while time.monotonic() - started < limit:
            _, _, state, _ = self.call("GET", location)
            seen.append((time.monotonic() - started, state["status"], state["hashed"]))
            if state["status"] in ("done", "failed"):
                break
            time.sleep(2)
        return seen, report
