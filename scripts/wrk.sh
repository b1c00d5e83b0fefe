#!/usr/bin/env bash
# Installs wrk (Debian's package) for the benchmarks in bench/ where it is missing.
set -euo pipefail
command -v wrk >/dev/null 2>&1 || "$(dirname "$0")/os-packages.sh" wrk wrk
