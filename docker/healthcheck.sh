#!/bin/bash
# Container health probe: enerlectra-healthcheck PORT [PATH]
# With PATH: HTTP/1.1 GET on 127.0.0.1:PORT must answer 200. Without: the port must accept a connection.
#
# The runtime image has no curl or wget, and adding them only for probes widens the attack surface; bash can speak
# enough HTTP over /dev/tcp.
set -euo pipefail

port=${1:?usage: enerlectra-healthcheck PORT [PATH]}
path=${2:-}

exec 3<>"/dev/tcp/127.0.0.1/${port}"
if [[ -z $path ]]; then
    exit 0
fi

printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS=$' \r' read -r -t 5 _version status _ <&3
[[ $status == 200 ]]
