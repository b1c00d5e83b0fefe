#!/usr/bin/env bash
# Runs every test of every module against real PostgreSQL and Redis on this machine (brought up by
# scripts/dev-services.sh; each test run gets its own database and Redis key prefix).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/dev-services.sh
scripts/browser.sh
exec ./mvnw -B verify "$@"
