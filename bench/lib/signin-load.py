#!/usr/bin/env python3
"""Load generator of bench/signin.sh: full sign-ins of the demo employee through the development app (code + PKCE).

Each sign-in is a new browser (its own cookies) on a kept-alive connection: authorize -> login page -> POST the
password -> authorize again -> code -> token. Warms up, then counts the sign-ins finished in the measured window and
prints one line: sign-ins/s, p50 ms, p99 ms, server CPU ms per sign-in, peak server RSS in MB, failed sign-ins.
    signin-load.py PORT SERVER_PID WARMUP_SECONDS DURATION_SECONDS CONCURRENCY
"""
import base64, hashlib, http.client, os, re, secrets, sys, threading, time, urllib.parse

port, pid, warmup, duration, concurrency = (int(a) for a in sys.argv[1:6])
CLIENT, REDIRECT = "harmony-dev", "http://127.0.0.1:4401/callback"
LOGIN_ID, PASSWORD = "demo-employee", "Harmony#Demo2026"
TOKEN = re.compile(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"')


class Browser:
    def __init__(self, connection):
        self.connection, self.cookies = connection, {}

    def send(self, method, target, form=None):
        headers = {"Accept-Language": "ja"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, target, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return response.status, response.getheader("Location"), data


def relative(location):
    parts = urllib.parse.urlsplit(location)
    return urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))


def sign_in(connection):
    browser = Browser(connection)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    authorize = "/connect/authorize?" + urllib.parse.urlencode({
        "client_id": CLIENT, "response_type": "code", "scope": "openid profile", "redirect_uri": REDIRECT,
        "code_challenge": challenge, "code_challenge_method": "S256", "state": secrets.token_hex(8), "nonce": secrets.token_hex(8)})
    status, location, _ = browser.send("GET", authorize)
    assert status == 302 and location, ("authorize", status)
    login = relative(location)
    status, _, page = browser.send("GET", login)
    assert status == 200, ("login page", status)
    form_token = TOKEN.search(page.decode("utf-8")).group(1)
    status, location, _ = browser.send("POST", login, {
        "Input.LoginId": LOGIN_ID, "Input.Password": PASSWORD, "__RequestVerificationToken": form_token})
    assert status == 302 and location, ("login", status)
    status, location, _ = browser.send("GET", relative(location))
    assert status == 302 and location and location.startswith(REDIRECT), ("authorize again", status, location)
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)["code"][0]
    status, _, body = browser.send("POST", "/connect/token", {
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "client_id": CLIENT, "code_verifier": verifier})
    assert status == 200 and b"id_token" in body, ("token", status)


def cpu_ticks():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_mb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


start = time.monotonic()
measure_from, measure_to = start + warmup, start + warmup + duration
latencies, failures, lock = [], [0], threading.Lock()
peak = [0.0]


def worker():
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while True:
        began = time.monotonic()
        if began >= measure_to:
            return
        try:
            sign_in(connection)
            ok = True
        except Exception:
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ended = time.monotonic()
        if measure_from <= began and ended <= measure_to:
            with lock:
                if ok:
                    latencies.append(ended - began)
                else:
                    failures[0] += 1


def watch_memory():
    while time.monotonic() < measure_to:
        peak[0] = max(peak[0], rss_mb())
        time.sleep(0.2)


threads = [threading.Thread(target=worker) for _ in range(concurrency)] + [threading.Thread(target=watch_memory)]
for t in threads:
    t.start()
time.sleep(max(0.0, measure_from - time.monotonic()))
ticks_before = cpu_ticks()
time.sleep(max(0.0, measure_to - time.monotonic()))
ticks_after = cpu_ticks()
for t in threads:
    t.join()

latencies.sort()
count = len(latencies)
quantile = lambda q: latencies[min(count - 1, int(q * count))] * 1000 if count else 0.0
hz = os.sysconf("SC_CLK_TCK")
print(f"{count / duration:.1f} {quantile(0.5):.0f} {quantile(0.99):.0f} "
      f"{(ticks_after - ticks_before) * 1000 / hz / max(count, 1):.1f} {peak[0]:.0f} {failures[0]}")
