#!/usr/bin/env bash
# Installs the Debian packages the tests need (real Kafka clients), only when they are missing.
# Run by `npm test` before the suite; safe to run again. Needs root (or sudo) on Debian only when
# something is missing.
set -euo pipefail

need=()
command -v kcat >/dev/null 2>&1 || need+=(kcat)
/usr/bin/python3 -c 'import kafka' >/dev/null 2>&1 || need+=(python3-kafka)
/usr/bin/python3 -c 'import confluent_kafka' >/dev/null 2>&1 || need+=(python3-confluent-kafka)
# Burrow (LinkedIn's lag checker) and the ZooKeeper it needs, for test/compat/burrow.
command -v Burrow >/dev/null 2>&1 || need+=(burrow)
[ -f /usr/share/java/zookeeper.jar ] || need+=(zookeeper)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "ensure-system-deps: installing missing Debian packages: ${need[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "ensure-system-deps: not root and no sudo; please install: ${need[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "ensure-system-deps: installed ${need[*]}"
