-- wrk: a client_credentials request with client_secret_basic. bench/token.sh passes the Authorization header
-- (AUTHORIZATION, "Basic base64(id:secret)") and the scope (SCOPE), so one script drives Harmony and the reference.
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=" .. (os.getenv("SCOPE") or "harmony_admin")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = os.getenv("AUTHORIZATION")
