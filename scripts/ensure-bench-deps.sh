#!/usr/bin/env bash
# Installs the Debian packages the broker benchmark needs, only when they are missing:
#   redis-server            Redis Streams baseline (redis-server, and redis-cli --pipe from its redis-tools)
#   nats-server             NATS JetStream baseline
#   kcat                    librdkafka produce/consume
#   python3-confluent-kafka librdkafka end-to-end latency (producer and consumer in one Python process)
#   gcc libc6-dev libnats-dev   to build the NATS C client the bench drives JetStream with (nats-bench.c)
# Called by test/bench/broker.bench.ts; safe to run again. Needs root (or sudo) only when something is missing.
# The packages' init scripts are kept from starting system-wide daemons (policy-rc.d refuses for the duration of
# the install): the bench starts its own servers on free loopback ports and stops them.
set -euo pipefail

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
command -v nats-server >/dev/null 2>&1 || need+=(nats-server)
command -v kcat >/dev/null 2>&1 || need+=(kcat)
/usr/bin/python3 -c 'import confluent_kafka' >/dev/null 2>&1 || need+=(python3-confluent-kafka)
command -v cc >/dev/null 2>&1 || need+=(gcc)
[ -e /usr/include/stdio.h ] || need+=(libc6-dev)
[ -e /usr/include/nats/nats.h ] || need+=(libnats-dev)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "ensure-bench-deps: installing missing Debian packages: ${need[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "ensure-bench-deps: not root and no sudo; please install: ${need[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive

# Refuse service starts during the install only if no policy is in place already (and remove only our own).
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  own_policy=1
fi
cleanup() { if [ "$own_policy" -eq 1 ]; then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT

$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "ensure-bench-deps: installed ${need[*]}"
