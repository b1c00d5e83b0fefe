#!/usr/bin/env bash
# Heap of the shared venue projection for Hà Nội's 670,000 venues (VENUES to change it): fills a projection with
# synthetic venues shaped as registered ones and reads the heap after full GCs, before and after.
# Usage: bench/venue-projection-memory.sh   (figures in docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl stream-consumer -am install -DskipTests
./mvnw -q -pl stream-consumer surefire:test -Dtest=ProjectionMemoryBench -Dsurefire.failIfNoSpecifiedTests=false \
  -DargLine="-Xmx2g -XX:+UseSerialGC -Dvenues=${VENUES:-670000}" 2>&1 | grep "venue projection:"
