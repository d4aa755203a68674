#!/usr/bin/env bash
# Starts (or reuses) a local Hardhat 2 dev chain (chain id 31337) for Enerlectra's chain tests.
#
# stdout carries exactly one line: the JSON-RPC URL. Everything else goes to stderr, so callers can do:
#   export ENERLECTRA_TEST_CHAIN_RPC="$(bash .ci/start-chain.sh)"
# When sourced (". .ci/start-chain.sh") it also exports ENERLECTRA_TEST_CHAIN_RPC itself.
# A second call while the node is up is a no-op that prints the same URL.
#
# Environment knobs:
#   CHAIN_PORT              TCP port on 127.0.0.1 (default 8545)
#   ENERLECTRA_CHAIN_LOG    node log file (default /tmp/enerlectra-chain-<port>.log)
#
# To stop it: kill -- -"$(cat /tmp/enerlectra-chain-<port>.pid)"  (the node runs in its own process group).
#
# The node is Hardhat's in-memory network: its state is lost when it stops, and it holds only the
# well-known Hardhat dev accounts, so it is for development and tests only.

_enerlectra_chain_main() (
  set -euo pipefail

  local port="${CHAIN_PORT:-8545}"
  local url="http://127.0.0.1:${port}"
  local log="${ENERLECTRA_CHAIN_LOG:-/tmp/enerlectra-chain-${port}.log}"
  local pidfile="/tmp/enerlectra-chain-${port}.pid"
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local contracts="$root/contracts"

  log() { echo "[start-chain] $*" >&2; }

  # Prints the chain id (hex) if something answers JSON-RPC on the port, nothing otherwise.
  chain_id() {
    curl -s --max-time 2 -X POST -H 'content-type: application/json' \
      --data '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$url" 2>/dev/null |
      sed -n 's/.*"result":"\(0x[0-9a-fA-F]*\)".*/\1/p' || true
  }

  # The contract tests compile with the npm solc package, so the tooling is installed even when a node from another
  # checkout is already answering on the port.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    log "node and npm are required (Node 20+)"
    exit 1
  fi
  if [[ ! -d "$contracts/node_modules/hardhat" || ! -d "$contracts/node_modules/solc" ]]; then
    log "installing contract tooling (npm ci in contracts/)"
    (cd "$contracts" && npm ci --no-audit --no-fund >&2)
  fi

  local id
  id="$(chain_id)"
  if [[ -n "$id" ]]; then
    if [[ "$id" != "0x7a69" ]]; then
      log "something on $url answers with chain id $id, not 31337 (0x7a69); refusing to use it"
      exit 1
    fi
    log "already running ($url)"
    echo "$url"
    exit 0
  fi

  log "starting hardhat node on $url (log: $log)"
  # setsid + all three streams redirected: the node must outlive this script and must not hold the caller's
  # stdout open (otherwise "$(bash .ci/start-chain.sh)" would never return).
  (
    cd "$contracts"
    HARDHAT_DISABLE_TELEMETRY_PROMPT=true setsid npx --no-install hardhat node --hostname 127.0.0.1 --port "$port" \
      </dev/null >"$log" 2>&1 &
    echo $! >"$pidfile"
  )

  local pid
  pid="$(cat "$pidfile")"
  for _ in $(seq 1 120); do
    id="$(chain_id)"
    [[ -n "$id" ]] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      log "hardhat node exited before answering; last lines of $log:"
      tail -n 30 "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
  if [[ "$id" != "0x7a69" ]]; then
    log "no eth_chainId answer from $url within 60 s (got '${id}'); last lines of $log:"
    tail -n 30 "$log" >&2
    exit 1
  fi

  log "ready: chain id 31337, pid $pid"
  echo "$url"
)

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: export for the caller's shell without leaking set -e into it.
  if ENERLECTRA_TEST_CHAIN_RPC="$(_enerlectra_chain_main)"; then
    export ENERLECTRA_TEST_CHAIN_RPC
    echo "ENERLECTRA_TEST_CHAIN_RPC=$ENERLECTRA_TEST_CHAIN_RPC" >&2
  else
    echo "[start-chain] failed" >&2
    return 1
  fi
else
  _enerlectra_chain_main
fi
