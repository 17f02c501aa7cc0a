#!/usr/bin/env bash
# A technician's hand on the virtual posts that scripts/demo.sh runs:
#   scripts/post.sh press MHC-001 [--wait Received] [--timeout 30]
#   scripts/post.sh status [MHC-001]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dll="$root/.demo/bin/simulator/SosPost.Simulator.dll"
[ -f "$dll" ] || { echo "error: the demo is not built; run scripts/demo.sh first" >&2; exit 2; }
port_args=()
if [ -f "$root/.demo/control.port" ] && [[ " $* " != *" --control-port "* ]]; then
  port_args=(--control-port "$(cat "$root/.demo/control.port")")
fi
exec dotnet "$dll" "$@" "${port_args[@]}"
