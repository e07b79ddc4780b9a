# Sourced by the bench scripts (from the repository root): the one way they start the identity server to measure it.

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

build_harmony() { dotnet build src/IdentityServer/Harmony.Identity.Server.csproj -c Release --nologo --verbosity quiet >/dev/null; }

# start_harmony DATA PORT [NAME=VALUE...]: the server in Release on 127.0.0.1:PORT, in the background, with Development
# settings and demo data, DATA as its data folder (its log in DATA/server.log), warnings only, the runtime settings of the
# container image (deploy/Dockerfile.identity-server: the GC's youngest generation at 16 MiB), and the settings given.
# Sets harmony_pid (the dotnet process itself) and returns once /health/ready answers; fails with the log otherwise.
start_harmony() {
  local data="$1" port="$2"
  shift 2
  (cd src/IdentityServer && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Harmony__Storage__DataPath="$data" Harmony__Email__PublicBaseUrl="http://127.0.0.1:$port/" \
    Logging__LogLevel__Default=Warning DOTNET_GCgen0size=0x1000000 "$@" dotnet bin/Release/net10.0/Harmony.Identity.Server.dll) >"$data/server.log" 2>&1 &
  harmony_pid=$!
  for _ in $(seq 1 90); do curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" && return 0; sleep 1; done
  echo "the identity server did not start:" >&2
  cat "$data/server.log" >&2
  return 1
}

# Stops the server start_harmony started, if any.
stop_harmony() {
  [ -z "${harmony_pid:-}" ] || { kill "$harmony_pid" 2>/dev/null || true; wait "$harmony_pid" 2>/dev/null || true; harmony_pid=""; }
}
