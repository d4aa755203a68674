#!/usr/bin/env bash
# Runs the whole system against a local dev chain, in one command:
#   bash scripts/run-with-chain.sh
# starts (or reuses) a Hardhat node on 127.0.0.1:8545, deploys the contracts with Hardhat's well-known dev
# account #0 (public knowledge, funded only on dev chains: never use it anywhere else), writes the settings to
# .env.chain.local and runs the gateway with them. Buyers who link a wallet then pay on-chain; everyone else by
# mobile money (the sandbox), exactly as with `dotnet run --project src/Gateway` alone.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly dev_key="0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" # Hardhat dev account #0
readonly settings=".env.chain.local"

rpc="$(bash .ci/start-chain.sh)"
dotnet run --project src/ChainDeploy -- --rpc "$rpc" --private-key "$dev_key" --out "$settings" --force
set -a
# shellcheck disable=SC1090
. "./$settings"
set +a
export BLOCKCHAIN_PRIVATE_KEY="$dev_key"
# Hardhat mines each transaction at once: a short receipt poll and a quick listener keep the demo snappy.
export Blockchain__ReceiptPollInterval="${Blockchain__ReceiptPollInterval:-00:00:00.2}"
export Blockchain__ListenerPollInterval="${Blockchain__ListenerPollInterval:-00:00:01}"
exec dotnet run --project src/Gateway
