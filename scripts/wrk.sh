#!/usr/bin/env bash
# Installs wrk (Debian's package) for the benchmarks in bench/ where it is missing. Needs apt and root or sudo.
set -euo pipefail
command -v wrk >/dev/null 2>&1 && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[wrk] install wrk (Debian/Ubuntu: apt-get install wrk)" >&2
  exit 1
fi
echo "[wrk] installing wrk from the OS packages"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
