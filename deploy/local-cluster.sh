#!/usr/bin/env bash
# The production topology of Harmony Identity on one machine, without containers: a PostgreSQL server, two
# identity-server nodes in the Production environment, and HAProxy terminating TLS in front of them, all on
# 127.0.0.1. It is what CI runs (tests/…/Cluster) and what an operator can try before deploying.
#
#   deploy/local-cluster.sh up            build if needed, install what is missing, start everything; the last line
#                                         printed is "issuer=https://127.0.0.1:PORT/", once the balancer answers discovery
#   deploy/local-cluster.sh kill-node N   kill node N (1 or 2) with SIGKILL
#   deploy/local-cluster.sh start-node N  start node N again and wait until it is ready
#   deploy/local-cluster.sh status        the ports, PIDs and folders of the running cluster (KEY=value lines)
#   deploy/local-cluster.sh down          stop everything it started, by PID, and remove its data
#
# HARMONY_CLUSTER_NODE_SETTINGS adds settings to both nodes, one KEY=value a line (env-variable form, e.g.
# Harmony__SignIn__AttemptsPerLoginId=100000 for a load of sign-ins by one demo account).
#
# It works in HARMONY_CLUSTER_DIR (default .local-cluster/ in the repository): the published app and the
# certificates (generated once, kept by "down"), the nodes' data and logs and the mail pickup folder (removed by
# "down"). The database files go to a fresh folder under /tmp that the unprivileged PostgreSQL user can reach.
# The nodes run with demo data, which production refuses: the explicit Harmony:AllowUnsafeProduction switch lets
# them start, and they say so in their logs at every start.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${HARMONY_CLUSTER_DIR:-$repo/.local-cluster}"
state="$dir/state.env"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "local-cluster: $*" >&2; }
die() { say "$*"; exit 1; }

# ---- what the machine needs -------------------------------------------------------------------------------------

install_missing() {
  local missing=()
  # PostgreSQL: deploy/throwaway-postgres.sh installs it when missing.
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v ss >/dev/null 2>&1 || missing+=(iproute2)
  [ "${#missing[@]}" -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "needs ${missing[*]}: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  say "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  # Debian's package starts its own cluster on 5432; this script runs its own server and needs nothing else.
}

# A port nobody listens on, from a starting point (several clusters or test servers may share the machine).
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# ---- build and certificates -------------------------------------------------------------------------------------

publish() {
  # Incremental: a second "up" on an unchanged tree takes seconds.
  say "publishing the identity server"
  dotnet publish "$repo/src/IdentityServer/Harmony.Identity.Server.csproj" -c Release -o "$dir/app" --nologo --verbosity quiet >/dev/null
}

certificates() {
  bash "$repo/deploy/make-certificates.sh" "$dir/certs" 127.0.0.1
}

# ---- PostgreSQL ----------------------------------------------------------------------------------------------

# Durable (no --fast): the cluster test kills a node and expects nothing lost. The files go under /tmp, where the
# unprivileged PostgreSQL user can reach them whoever owns the repository.
start_postgres() {
  PG_DIR=$(mktemp -d /tmp/harmony-cluster-pg.XXXXXX)
  # The database exists before the nodes start, as a provisioned one would; the first node creates the tables.
  DATABASE=$(bash "$repo/deploy/throwaway-postgres.sh" start "$PG_DIR" --database harmony_identity | tail -n 1)
  PG_PID=$(bash "$repo/deploy/throwaway-postgres.sh" pid "$PG_DIR")
}

# ---- the identity-server nodes ----------------------------------------------------------------------------------

node_env() {
  local n=$1 port_var="NODE${1}_PORT"
  local port=${!port_var} certs="$dir/certs" password
  password=$(cat "$certs/password")
  cat <<EOF
ASPNETCORE_ENVIRONMENT=Production
ASPNETCORE_URLS=http://127.0.0.1:$port
DOTNET_GCgen0size=0x1000000
Database__Provider=PostgreSql
Database__ConnectionString=$DATABASE
Harmony__Storage__DataPath=$dir/node$n
Harmony__Server__Issuer=$ISSUER
Harmony__Email__PublicBaseUrl=$ISSUER
Harmony__Email__PickupFolder=$dir/mail
Harmony__Keys__Signing__0__Path=$certs/signing.pfx
Harmony__Keys__Signing__0__Password=$password
Harmony__Keys__Signing__1__Path=$certs/signing-ec.pfx
Harmony__Keys__Signing__1__Password=$password
Harmony__Keys__Encryption__0__Path=$certs/encryption.pfx
Harmony__Keys__Encryption__0__Password=$password
Harmony__DataProtection__CertificatePath=$certs/data-protection.pfx
Harmony__DataProtection__CertificatePassword=$password
Harmony__ForwardedHeaders__KnownProxies__0=127.0.0.1
Harmony__Jobs__Enabled=true
Harmony__Jobs__Clustered=true
Harmony__Email__DispatchInterval=00:00:02
Harmony__Clients__0__ClientId=local-cluster-app
Harmony__Clients__0__DisplayName=Harmony app (local cluster)
Harmony__Clients__0__RedirectUris__0=http://127.0.0.1:4401/callback
Harmony__Clients__0__RedirectUris__1=https://rp.test/callback
Harmony__Clients__0__PostLogoutRedirectUris__0=http://127.0.0.1:4401/
Harmony__Clients__0__Scopes__0=openid
Harmony__Clients__0__Scopes__1=profile
Harmony__Clients__0__Scopes__2=email
Harmony__Clients__0__Scopes__3=offline_access
Harmony__Clients__0__GrantTypes__0=authorization_code
Harmony__Clients__0__GrantTypes__1=refresh_token
Harmony__DemoData__Enabled=true
Harmony__AllowUnsafeProduction=true
AllowedHosts=127.0.0.1
Logging__LogLevel__Harmony.Identity.Server.Hosting.JobRunLog=Debug
EOF
  # More settings for both nodes, one KEY=value a line (a load test raises the per-login-ID limit with it).
  [ -z "${HARMONY_CLUSTER_NODE_SETTINGS:-}" ] || printf '%s\n' "$HARMONY_CLUSTER_NODE_SETTINGS"
}

start_node() {
  local n=$1 pid_var="NODE${1}_PID" port_var="NODE${1}_PORT"
  mkdir -p "$dir/node$n" "$dir/mail"
  local settings=()
  mapfile -t settings < <(node_env "$n")
  # env, not export: logging categories have dots in their names.
  (cd "$dir/app" && exec env "${settings[@]}" setsid dotnet Harmony.Identity.Server.dll >>"$dir/node$n/node.log" 2>&1 < /dev/null) &
  printf -v "$pid_var" '%s' "$!"
  wait_until "node $n ready" 120 node_ready "${!pid_var}" "${!port_var}" ||
    { tail -n 40 "$dir/node$n/node.log" >&2; die "node $n did not become ready (log: $dir/node$n/node.log)"; }
}

# Ready: this very process listens on its port (not another cluster's node that took the port meanwhile) and answers
# /health/ready. A node that exited (bad configuration, the port taken) ends the wait at once.
node_ready() {
  alive "$1" || { WAIT_ABORTED=1; return 1; }
  listens "$1" "$2" && curl -fsS -o /dev/null "http://127.0.0.1:$2/health/ready"
}

listens() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$2" 2>/dev/null | grep -q "pid=$1,"
}

wait_until() {
  local what=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  WAIT_ABORTED=0
  until "$@" 2>/dev/null; do
    [ "$WAIT_ABORTED" -eq 0 ] || { say "stopped waiting for $what: the process exited"; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { say "gave up waiting for $what after ${seconds}s"; return 1; }
    sleep 0.5
  done
}

# ---- HAProxy ----------------------------------------------------------------------------------------------------

start_haproxy() {
  cat > "$dir/haproxy.cfg" <<EOF
# Written by deploy/local-cluster.sh; deploy/haproxy/haproxy.cfg is the container version of the same.
global
    log stderr format raw local0 warning
    pidfile $dir/haproxy.pid
    ssl-default-bind-options ssl-min-ver TLSv1.2

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    retries 2
    option redispatch

frontend https
    bind 127.0.0.1:$LB_PORT ssl crt $dir/certs/tls.pem
    # The nodes trust these headers from 127.0.0.1 only (Harmony:ForwardedHeaders:KnownProxies).
    http-request set-header X-Forwarded-Proto https
    option forwardfor
    default_backend identity

backend identity
    balance roundrobin
    # A node that is shutting down answers 503 on /health/ready: the balancer stops sending it new requests.
    option httpchk GET /health/ready
    http-check expect status 200
    # Only the health check takes a node out: answers to clients never do (an outsider can provoke 4xx/5xx and "busy"
    # 503s at will, and must not be able to empty the pool that way).
    default-server inter 1s fall 2 rise 1
    # For the cluster test only: "X-Harmony-Node: 2" sends a request to node 2 while that node is up.
    use-server node1 if { req.hdr(x-harmony-node) -m str 1 }
    use-server node2 if { req.hdr(x-harmony-node) -m str 2 }
    server node1 127.0.0.1:$NODE1_PORT check
    server node2 127.0.0.1:$NODE2_PORT check
EOF
  haproxy -c -q -f "$dir/haproxy.cfg" || die "HAProxy refused $dir/haproxy.cfg"
  haproxy -D -f "$dir/haproxy.cfg" 2>>"$dir/haproxy.log"
  wait_until "HAProxy's pid file" 10 test -s "$dir/haproxy.pid"
  HAPROXY_PID=$(cat "$dir/haproxy.pid")
}

# ---- state ------------------------------------------------------------------------------------------------------

save_state() {
  cat > "$state" <<EOF
ISSUER=$ISSUER
LB_PORT=$LB_PORT
PG_PID=$PG_PID
PG_DIR=$PG_DIR
NODE1_PORT=$NODE1_PORT
NODE1_PID=$NODE1_PID
NODE2_PORT=$NODE2_PORT
NODE2_PID=$NODE2_PID
HAPROXY_PID=$HAPROXY_PID
CLUSTER_DIR=$dir
MAIL_DIR=$dir/mail
DATABASE=$DATABASE
EOF
}

load_state() {
  [ -f "$state" ] || die "no cluster is running from $dir (run: deploy/local-cluster.sh up)"
  # shellcheck disable=SC1090
  while IFS='=' read -r key value; do printf -v "$key" '%s' "$value"; done < "$state"
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

stop_pid() {
  local pid=$1
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do alive "$pid" || return 0; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
}

# ---- commands ---------------------------------------------------------------------------------------------------

up() {
  if [ -f "$state" ]; then
    load_state
    if alive "$HAPROXY_PID"; then say "already running"; echo "issuer=$ISSUER"; return 0; fi
    down
  fi
  install_missing
  mkdir -p "$dir"
  publish
  certificates
  LB_PORT=$(free_port "${HARMONY_CLUSTER_PORT:-8443}")
  NODE1_PORT=$(free_port $((30000 + RANDOM % 20000)))
  NODE2_PORT=$(free_port $((NODE1_PORT + 1)))
  ISSUER="https://127.0.0.1:$LB_PORT/"
  PG_PID="" PG_DIR="" DATABASE="" NODE1_PID="" NODE2_PID="" HAPROXY_PID=""
  save_state
  start_postgres
  save_state
  # One node first: it applies the migrations and seeds; the second starts on a ready database.
  start_node 1
  save_state
  start_node 2
  save_state
  start_haproxy
  save_state
  wait_until "discovery through the balancer" 60 curl -fsSk -o /dev/null "${ISSUER}.well-known/openid-configuration" ||
    die "the balancer does not answer discovery (log: $dir/haproxy.log)"
  say "nodes on 127.0.0.1:$NODE1_PORT and :$NODE2_PORT, logs in $dir/node*/node.log"
  echo "issuer=$ISSUER"
}

node_number() {
  case "${1:-}" in 1 | 2) echo "$1" ;; *) die "which node? 1 or 2" ;; esac
}

kill_node() {
  local n pid_var
  n=$(node_number "${1:-}")
  load_state
  pid_var="NODE${n}_PID"
  alive "${!pid_var}" || { say "node $n is not running"; return 0; }
  kill -KILL "${!pid_var}"
  while alive "${!pid_var}"; do sleep 0.1; done
  say "node $n killed"
}

start_node_command() {
  local n pid_var
  n=$(node_number "${1:-}")
  load_state
  pid_var="NODE${n}_PID"
  if alive "${!pid_var}"; then say "node $n is already running"; return 0; fi
  start_node "$n"
  save_state
  say "node $n started"
}

down() {
  [ -f "$state" ] || { say "nothing is running from $dir"; return 0; }
  load_state
  stop_pid "${HAPROXY_PID:-}"
  stop_pid "${NODE1_PID:-}"
  stop_pid "${NODE2_PID:-}"
  [ -n "${PG_DIR:-}" ] && bash "$repo/deploy/throwaway-postgres.sh" stop "$PG_DIR"
  rm -rf "$dir"/node1 "$dir"/node2 "$dir/mail" "$dir"/haproxy.* "$state"
  say "stopped everything and removed its data (the build and certificates stay in $dir)"
}

case "${1:-}" in
  up) up ;;
  kill-node) kill_node "${2:-}" ;;
  start-node) start_node_command "${2:-}" ;;
  status) load_state; cat "$state" ;;
  down) down ;;
  *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
