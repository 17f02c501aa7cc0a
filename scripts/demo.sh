#!/usr/bin/env bash
# Runs the whole product on this machine: a Mosquitto broker on loopback with generated
# credentials, the gateway with its dispatch console, and 20 virtual posts in Mahachai and Bangkok.
#   scripts/demo.sh           run until Ctrl-C
#   scripts/demo.sh --smoke   start everything, press one post, wait for "received", stop (a check)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1

ensure_dotnet
ensure_os_packages
ensure_npm_console

DEMO="$REPO_ROOT/.demo"
mkdir -p "$DEMO"
say "Building the gateway and the post simulator (Release)"
dotnet publish "$REPO_ROOT/gateway/SosPost.Gateway" -c Release -o "$DEMO/bin/gateway" --nologo -v quiet >"$DEMO/build.log" 2>&1 \
  || { cat "$DEMO/build.log" >&2; die "build failed"; }
dotnet publish "$REPO_ROOT/firmware/SosPost.Simulator" -c Release -o "$DEMO/bin/simulator" --nologo -v quiet >>"$DEMO/build.log" 2>&1 \
  || { cat "$DEMO/build.log" >&2; die "build failed"; }

broker_port=$(free_port 1883)
tls_port=$(free_port 8883)
cert_port=$(free_port $((tls_port + 1)))
gateway_port=$(free_port 8080)
control_port=$(free_port 5081)
posts_file="$REPO_ROOT/scripts/demo/posts.json"

pids=()
cleanup() {
  trap - EXIT INT TERM
  say "Stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_pidfile "$DEMO/broker/mosquitto.pid"
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

say "Starting Mosquitto: TLS on 127.0.0.1:$tls_port, certificate logins on $cert_port, plain on $broker_port for local tools (no anonymous access; one user per post)"
rm -rf "$DEMO/broker"
start_broker "$DEMO/broker" "$posts_file" "$broker_port" "$tls_port" "$cert_port"

# One demo login per console role, each with a password generated for this run (there is no default login).
console_users=(dispatcher technician admin)
declare -A console_passwords
console_env=()
for i in "${!console_users[@]}"; do
  user=${console_users[$i]}
  console_passwords[$user]=$(secret)
  console_env+=("Gateway__Console__Users__${i}__UserName=$user" "Gateway__Console__Users__${i}__Role=$user"
    "Gateway__Console__Users__${i}__PasswordHash=$(printf '%s' "${console_passwords[$user]}" | dotnet "$DEMO/bin/gateway/SosPost.Gateway.dll" hash-password)")
done

say "Starting the gateway on http://127.0.0.1:$gateway_port"
mkdir -p "$DEMO/gateway"
(
  cd "$DEMO/bin/gateway"
  for setting in "${console_env[@]}"; do export "${setting?}"; done
  ASPNETCORE_URLS="http://127.0.0.1:$gateway_port" \
  Gateway__Mqtt__Host=127.0.0.1 Gateway__Mqtt__Port="$tls_port" \
  Gateway__Mqtt__Tls=true Gateway__Mqtt__CaFile="$DEMO/broker/ca.crt" \
  Gateway__Mqtt__UserName=gateway Gateway__Mqtt__Password="$(cat "$DEMO/broker/gateway.password")" \
  Gateway__Security__MasterKey="$(cat "$DEMO/broker/master.key")" \
  Gateway__Store__SqlitePath="$DEMO/gateway/sospost.db" \
  Gateway__Registry__SeedFile="$posts_file" \
  exec dotnet SosPost.Gateway.dll
) >"$DEMO/gateway.log" 2>&1 &
pids+=($!)
wait_for_port "$gateway_port" 60 "the gateway" || { tail -50 "$DEMO/gateway.log" >&2; exit 1; }

say "Starting 20 virtual posts"
dotnet "$DEMO/bin/simulator/SosPost.Simulator.dll" run --posts "$posts_file" \
  --credentials "$DEMO/broker/credentials.json" --broker "127.0.0.1:$tls_port" --ca "$DEMO/broker/ca.crt" \
  --state-dir "$DEMO/posts" --control-port "$control_port" >"$DEMO/simulator.log" 2>&1 &
pids+=($!)
wait_for_port "$control_port" 60 "the simulator" || { tail -50 "$DEMO/simulator.log" >&2; exit 1; }
echo "$control_port" >"$DEMO/control.port"

cat <<INFO

  SosPost is running.
  Dispatch console : http://127.0.0.1:$gateway_port/
                     dispatcher / ${console_passwords[dispatcher]}   (works alarms)
                     technician / ${console_passwords[technician]}   (posts, self-tests)
                     admin      / ${console_passwords[admin]}   (everything, audit log)
  Press a post     : scripts/post.sh press MHC-001 --wait Received
  See every post   : scripts/post.sh status
  Open a cabinet   : scripts/post.sh tamper MHC-001 --open   (also: mains, battery, lamp, hold; --help)
  Logs             : $DEMO/{gateway,simulator}.log, $DEMO/broker/mosquitto.log

INFO

if [ $smoke = 1 ]; then
  say "Smoke check: pressing MHC-001 and waiting for the gateway's answer"
  "$REPO_ROOT/scripts/post.sh" press MHC-001 --wait Received --timeout 60
  say "Smoke check passed"
  exit 0
fi
say "Press Ctrl-C to stop."
wait
