#!/usr/bin/env bash
# Runs the benchmarks (docs/performance.md); never part of scripts/test.sh.
#   scripts/bench.sh                 everything at full scale (about 15 minutes on a quiet 2-core machine)
#   scripts/bench.sh --quick         everything at small scale: proves each benchmark works (a few minutes)
#   scripts/bench.sh latency storm   only the named parts: micro, latency, storm, fleet, nano (nano needs ../shared/nanoclr)
#   scripts/bench.sh --fleet-posts 5000 --storm-rate 8000 ...   override a size (see docs/performance.md)
# Results: a JSON summary in .bench/results/ (ignored by git) and a table on stdout.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_dotnet
ensure_os_packages
ensure_npm_console

# 20,000 posts need 20,000+ sockets in Mosquitto and in the fleet's processes: raise the open-file limit as far
# as this machine allows (the fleet benchmark says so when it must use fewer posts).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

cd "$REPO_ROOT"
say "Building the benchmarks (Release)"
dotnet build tests/Bench/SosPost.Bench.csproj -c Release --nologo -v quiet -clp:ErrorsOnly --artifacts-path .bench/build

say "Running the benchmarks (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
export SOSPOST_REPO="$REPO_ROOT"
export SOSPOST_BENCH_CONDITIONS="${SOSPOST_BENCH_CONDITIONS:-}"
exec dotnet .bench/build/bin/SosPost.Bench/release/SosPost.Bench.dll "$@"
