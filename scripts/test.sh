#!/usr/bin/env bash
# Runs every test suite the way CI does: starts PostgreSQL (installing it if needed) and a local EVM dev chain
# (Hardhat, installed from npm on first use), builds the solution once, runs each test project, and ends with one
# summary line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (https://dotnet.microsoft.com/download)." >&2
  exit 1
fi

export ENERLECTRA_TEST_POSTGRES
ENERLECTRA_TEST_POSTGRES="$(bash .ci/start-postgres.sh)" || { echo "PostgreSQL did not start" >&2; exit 1; }
export ENERLECTRA_TEST_CHAIN_RPC
ENERLECTRA_TEST_CHAIN_RPC="$(bash .ci/start-chain.sh)" || { echo "The local chain did not start" >&2; exit 1; }

# The web app's browser tests drive Chromium from the OS package (Playwright cannot download its own browsers here).
if [[ -z "${ENERLECTRA_CHROMIUM:-}" ]] && ! command -v chromium >/dev/null 2>&1; then
  echo "Installing chromium (apt-get) for the web app's browser tests" >&2
  sudo=""; [[ $EUID -ne 0 ]] && sudo="sudo"
  $sudo apt-get install -y chromium >/dev/null 2>&1 \
    || { $sudo apt-get update >/dev/null 2>&1 && $sudo apt-get install -y chromium >/dev/null 2>&1; } \
    || echo "chromium could not be installed: the web app's browser tests will fail" >&2
fi

# dotnet test on a solution may skip non-test projects, so build everything first, then test without building.
dotnet build Enerlectra.sln -c Debug -nologo -v minimal || exit 1

results="$(mktemp -d)"
passed=0; failed=0; status=0
for project in $(grep -l "<IsTestProject>true</IsTestProject>" tests/*/*.csproj); do
  name="$(basename "$project" .csproj)"
  echo "=== $name"
  dotnet test "$project" --no-build -c Debug --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
  trx="$results/$name.trx"
  if [[ -f "$trx" ]]; then
    counters="$(grep -o '<Counters [^>]*' "$trx" | head -n 1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
  else
    echo "no results from $name" >&2
    failed=$((failed + 1)); status=1
  fi
done

if [[ $passed -eq 0 ]]; then status=1; fi
if [[ $failed -gt 0 ]]; then status=1; fi
echo "$passed passed, $failed failed"
exit $status
