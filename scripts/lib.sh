#!/usr/bin/env bash
# Shared by demo.sh and test.sh: install what is missing, build, and run a broker with generated
# credentials. Source it; every function prints what it does and fails loudly.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# OS packages the product and its tests run against: the real broker and its command-line clients.
ensure_os_packages() {
  local missing=()
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${missing[*]} from the OS packages"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # Debian starts no broker on install here, but where a distribution does, ours uses its own port.
  export PATH="$PATH:/usr/sbin"
}

ensure_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required (https://dot.net); see README.md"
}

# npm peers for interop tests, pinned by tests/interop/package-lock.json.
ensure_npm_interop() {
  local lock="$REPO_ROOT/tests/interop/package-lock.json" installed="$REPO_ROOT/tests/interop/node_modules/.package-lock.json"
  # Install when missing, or when the lock file changed since the last install.
  if [ -f "$lock" ] && { [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; }; then
    say "Installing the npm test peers: MQTT.js, SIA DC-09 receiver (npm ci)"
    npm ci --prefix "$REPO_ROOT/tests/interop" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

# The console's browser libraries (Leaflet), pinned by gateway/SosPost.Gateway/ClientApp/package-lock.json.
# The gateway's build copies them into the console and fails without them.
ensure_npm_console() {
  local dir="$REPO_ROOT/gateway/SosPost.Gateway/ClientApp"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "Installing the console's map library: Leaflet (npm ci)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

# The browser the console tests drive (Playwright with Debian's Chromium; no browser is downloaded),
# and a Thai font so the console's Thai text renders in it.
ensure_chromium() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list :lang=th 2>/dev/null | grep -q . || missing+=(fonts-thai-tlwg)
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing ${missing[*]} from the OS packages (for the console's browser tests)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# PostgreSQL for the store's contract tests: the OS package's cluster on 127.0.0.1:5432 and a login role
# (sospost_test, may create databases) whose generated password is kept in .artifacts/postgres-test.password,
# so a second run, or one beside it, uses the same. Exports SOSPOST_TEST_POSTGRES, an Npgsql connection
# string; each test class creates its own database and drops it afterwards.
ensure_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    say "Installing postgresql from the OS packages (for the PostgreSQL store tests)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  [ -n "$version" ] || die "no PostgreSQL version found under /usr/lib/postgresql"
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
    say "Creating the PostgreSQL $version cluster"
    as_root pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    say "Starting PostgreSQL $version"
    as_root pg_ctlcluster "$version" main start
  fi
  wait_for_port 5432 30 "PostgreSQL"

  local file="$REPO_ROOT/.artifacts/postgres-test.password" password
  mkdir -p "$REPO_ROOT/.artifacts"
  if [ ! -s "$file" ]; then
    (umask 077; secret >"$file")
  fi
  password=$(cat "$file")
  # Create the role once; set its password every time, so the file and the role always agree.
  as_root runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -v pw="$password" >/dev/null <<'SQL'
SELECT 'CREATE ROLE sospost_test LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sospost_test') \gexec
ALTER ROLE sospost_test WITH LOGIN CREATEDB PASSWORD :'pw';
SQL
  export SOSPOST_TEST_POSTGRES="Host=127.0.0.1;Port=5432;Username=sospost_test;Password=$password;Database=postgres"
}

# A free TCP port on loopback at or above $1.
# ../shared beside the repository holds what CI has and a fresh clone does not: the nanoFramework interpreter
# (nanoclr/) and the CAP 1.2 schema (cap/). One line each for what is missing; the tests that need it then skip
# (fail under CI=true).
report_shared_folder() {
  local shared="${SOSPOST_SHARED:-$REPO_ROOT/../shared}"
  if [ ! -x "$shared/nanoclr/bin/nanoclr" ]; then
    say "No nanoFramework interpreter at $shared/nanoclr: the nanoCLR tests will skip (CI has it; build it with nanoclr/rebuild/build-all.sh)"
  fi
  if [ ! -f "$shared/cap/CAP-v1.2.xsd" ]; then
    say "No CAP 1.2 schema at $shared/cap/CAP-v1.2.xsd: the CAP schema checks will skip (CI has it; OASIS publishes it)"
  fi
}

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

secret() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }

# A post's message key: HMAC-SHA256(master, "sospost-post-key:" + post id) in hex, as the gateway and
# `sospost provision` derive it (docs/security.md, "Message authentication"). $1 master (hex), $2 post id.
post_key() {
  printf '%s' "sospost-post-key:$2" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" -r | cut -d' ' -f1
}

# Wait until a TCP port accepts connections, or fail after $2 seconds.
wait_for_port() {
  local port=$1 seconds=$2 what=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  die "$what did not start listening on port $port within ${seconds}s"
}

# A private CA for the broker ($1/ca.crt, key $1/ca.key) and a server certificate for 127.0.0.1 and localhost
# signed by it ($1/server.crt, $1/server.key). `sospost provision --cert` issues post certificates
# from the same CA. EC P-256 keys: small, and what the posts' TLS stack handles.
make_broker_certificates() {
  local dir=$1 ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$dir/ca.key" -out "$dir/ca.crt" -days 3650 -subj "/CN=SosPost broker CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req "${ec[@]}" -keyout "$dir/server.key" -out "$dir/server.csr" -subj "/CN=localhost" 2>/dev/null
  printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days 825 -out "$dir/server.crt" -extfile "$dir/server.ext" 2>/dev/null
  rm -f "$dir/server.csr" "$dir/server.ext"
}

# Writes a broker configuration under $1 for the posts in $2 and starts Mosquitto on port $3 (plain MQTT,
# loopback only, for the technician's tools on this machine), with TLS on port $4 (user name and password)
# and mutual TLS on port $5 (a post certificate from the broker's CA; its CN is the user name) when given.
# Every post gets its own generated password, limited by ACL to its own topics; the gateway gets
# its own user. Every post signs its messages with a key derived from a new master secret.
# Credentials land in $1/credentials.json (posts: password and key), $1/gateway.password and
# $1/master.key (the gateway's Gateway:Security:MasterKey); the CA for clients in $1/ca.crt.
start_broker() {
  local dir=$1 posts_file=$2 port=$3 tls_port=${4:-} cert_port=${5:-}
  mkdir -p "$dir/data"
  [ -z "$tls_port$cert_port" ] || make_broker_certificates "$dir"
  : >"$dir/passwd"
  local gateway_password; gateway_password=$(secret)
  printf '%s' "$gateway_password" >"$dir/gateway.password"
  mosquitto_passwd -b "$dir/passwd" gateway "$gateway_password"
  # A read-only user for watching the posts' traffic (sospost watch --broker-dir).
  local monitor_password; monitor_password=$(secret)
  printf '%s' "$monitor_password" >"$dir/monitor.password"
  mosquitto_passwd -b "$dir/passwd" monitor "$monitor_password"
  local master; master=$(openssl rand -hex 32)
  printf '%s' "$master" >"$dir/master.key"
  local ids; ids=$(grep -o '"id"[[:space:]]*:[[:space:]]*"[A-Z0-9-]*"' "$posts_file" | sed 's/.*"\([A-Z0-9-]*\)"$/\1/')
  local first=1 id pw
  { echo "{"
    for id in $ids; do
      pw=$(secret)
      mosquitto_passwd -b "$dir/passwd" "$id" "$pw"
      [ $first = 1 ] || echo ","
      printf '  "%s": {"password": "%s", "key": "%s"}' "$id" "$pw" "$(post_key "$master" "$id")"; first=0
    done
    echo; echo "}"; } >"$dir/credentials.json"
  cat >"$dir/acl" <<ACL
# The gateway reads and answers every post.
user gateway
topic readwrite sos/v1/#

# The technician's watch (sospost watch) reads everything and writes nothing.
user monitor
topic read sos/v1/#

# A post (user name = post id) may only write its own reports and read its own answers.
pattern write sos/v1/%u/alarm
pattern write sos/v1/%u/heartbeat
pattern write sos/v1/%u/status
pattern write sos/v1/%u/event
pattern write sos/v1/%u/selftest
pattern read sos/v1/%u/alarm/state
pattern read sos/v1/%u/event/ack
pattern read sos/v1/%u/cmd
ACL
  cat >"$dir/mosquitto.conf" <<CONF
per_listener_settings false
allow_anonymous false
password_file $dir/passwd
acl_file $dir/acl
listener $port 127.0.0.1
persistence true
# No SosPost payload is near this; a post cannot push oversized packets at the gateways.
max_packet_size 16384
# An alarm storm must queue for a slow gateway, not be dropped at Mosquitto's default of 1000 (posts
# would re-send, but only after their re-send interval).
max_queued_messages 100000
# Mosquitto leaves Nagle's algorithm on by default: a small packet (the "received" answer, an alarm passed on to
# the gateway) then waits for the peer's delayed ACK, about 40 ms, on every hop.
set_tcp_nodelay true
persistence_location $dir/data/
log_dest file $dir/mosquitto.log
log_type error
log_type warning
log_type notice
pid_file $dir/mosquitto.pid
CONF
  if [ -n "$tls_port" ]; then
    cat >>"$dir/mosquitto.conf" <<CONF
# TLS: what the gateway and the posts use. The broker proves itself with a certificate from our CA.
listener $tls_port 127.0.0.1
cafile $dir/ca.crt
certfile $dir/server.crt
keyfile $dir/server.key
CONF
  fi
  if [ -n "$cert_port" ]; then
    cat >>"$dir/mosquitto.conf" <<CONF
# Mutual TLS: a post proves itself with a certificate from our CA instead of a password; its CN (the post id)
# is its user name, so the same per-post ACL patterns confine it.
listener $cert_port 127.0.0.1
cafile $dir/ca.crt
certfile $dir/server.crt
keyfile $dir/server.key
require_certificate true
use_identity_as_username true
CONF
  fi
  chmod 600 "$dir/passwd" "$dir/credentials.json" "$dir/gateway.password" "$dir/monitor.password" "$dir/master.key"
  # Run as root, Mosquitto drops to its own user, which must be able to read its files.
  if [ "$(id -u)" = 0 ] && id mosquitto >/dev/null 2>&1; then
    chown -R mosquitto "$dir"
    # The broker needs its own key, never the CA's: only the operator (sospost provision) signs with that.
    [ ! -f "$dir/ca.key" ] || chown root "$dir/ca.key"
  fi
  [ ! -f "$dir/ca.key" ] || chmod 600 "$dir/ca.key" "$dir/server.key"
  mosquitto -c "$dir/mosquitto.conf" -d
  local p
  for p in "$port" $tls_port $cert_port; do
    wait_for_port "$p" 10 "Mosquitto" || { cat "$dir/mosquitto.log" >&2; exit 1; }
  done
}

stop_pidfile() {
  local f=$1
  [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
}
