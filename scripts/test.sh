#!/usr/bin/env bash
# Runs every test: the same set-up as the demo (OS packages, npm peers), then the whole solution.
#   scripts/test.sh                      everything
#   scripts/test.sh --filter "FullyQualifiedName~Mqtt"   any extra arguments go to dotnet test
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_dotnet
ensure_os_packages
ensure_npm_interop
ensure_npm_console
ensure_chromium
ensure_postgres # sets SOSPOST_TEST_POSTGRES, so the PostgreSQL store tests run rather than skip

cd "$REPO_ROOT"
report_shared_folder
mkdir -p .artifacts
say "Building SosPost.sln"
dotnet build SosPost.sln -c Release --nologo -v quiet -clp:ErrorsOnly

say "Running the tests"
set +e
dotnet test SosPost.sln -c Release --no-build --nologo \
  --blame-hang-timeout 10m --results-directory .artifacts/test-results "$@" 2>&1 | tee .artifacts/test.log
status=${PIPESTATUS[0]}
set -e

# One closing line over every test assembly, in the plain form CI reads.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { gsub(",", "", f); printf "%d passed, %d failed, %d skipped\n", p, f, s }' .artifacts/test.log
exit "$status"
