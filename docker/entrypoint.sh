#!/bin/sh
# Starts an Enerlectra process (the arguments) after deciding which address it advertises to the cluster.
#
# Orleans silos publish an IP in the PostgreSQL membership table and every other silo and client dials exactly that
# IP. The default (127.0.0.1) is only right on a single machine, and a container's IP is assigned at start, so it
# cannot be written into docker-compose.yml. An explicit Cluster__AdvertisedAddress always wins (e.g. a host or
# overlay address in production).
set -eu

# Only a silo on PostgreSQL membership advertises an address: localhost clustering ignores it and a gateway in client
# mode is no silo. Resolving anyway would make those fail for no reason where no address can be found.
needs_address=yes
if [ -z "${Postgres__ConnectionString:-}" ]; then needs_address=no; fi
case "${Gateway__OrleansMode:-}" in [Cc][Ll][Ii][Ee][Nn][Tt]) needs_address=no ;; esac

if [ "$needs_address" = no ]; then
    exec "$@"
fi

if [ -z "${Cluster__AdvertisedAddress:-}" ]; then
    # hostname -i reads the container's own /etc/hosts entry; getent covers images without hostname. IPv6 and
    # loopback entries are skipped because Orleans needs an address its peers can route to.
    candidates="$(hostname -i 2>/dev/null || true) $(getent ahostsv4 "$(cat /etc/hostname)" 2>/dev/null | awk '{print $1}' || true)"
    address=$(printf '%s\n' $candidates | grep -E '^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$' | grep -v '^127\.' | head -n 1 || true)
    if [ -z "$address" ]; then
        # Falling back to loopback would start a silo nobody can reach, which looks healthy and fails later.
        echo "entrypoint: cannot resolve this container's IPv4 address; set Cluster__AdvertisedAddress" >&2
        exit 1
    fi
    Cluster__AdvertisedAddress=$address
    export Cluster__AdvertisedAddress
fi

echo "entrypoint: advertising ${Cluster__AdvertisedAddress} to the cluster" >&2
exec "$@"
