#!/usr/bin/env bash
# The benchmark command (src/docs/measurements.md#benchmark): vendor API calls per 1,000 new leads,
# end-to-end leads per second (enrichment at once / after 300 ms), capture -> cleared latency at 50
# captures per second, heap and API answer times during a 100,000-row import under -Xmx256m, and
# start-up time. Each line prints its target, the figure on this machine and pass / fail; the table
# is also written to target/benchmark/results.md. It starts the demo jar (hub + sandbox) as child
# processes, one with an empty database per scenario, and talks to them over HTTP only.
#
# Usage: src/scripts/benchmark.sh [calls] [throughput] [latency] [memory] [startup] [--quick]
#          [--settle-minutes=N] [--out=DIR] [--rebuild]
#   no section: all of them; --quick: 1,000 leads for throughput, 10,000 rows for memory, 20 s of
#   captures; --settle-minutes: how long a scenario may take to settle (default 30, quick 10).
# Builds target/demo/lead-hub-demo.jar (mvn -Pdemo) first when it is missing or older than the sources.
# Exit status: 0 when every line passed, 1 when one failed, 2 for a usage error.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
JAR=target/demo/lead-hub-demo.jar
REBUILD=
ARGS=()
for a in "$@"; do
  if [ "$a" = --rebuild ]; then REBUILD=1; else ARGS+=("$a"); fi
done
if [ -n "$REBUILD" ] || [ ! -f "$JAR" ] \
   || [ -n "$(find src/main src/sandbox routes mappings pom.xml -type f -newer "$JAR" -print -quit)" ]; then
  echo "building $JAR (mvn -B -q -Pdemo -DskipTests package)" >&2
  mvn -B -q -Pdemo -DskipTests package
fi
LABEL=$(git describe --always --dirty 2>/dev/null || true)
# the benchmark's main class is in the demo jar (src/sandbox); Spring Boot's PropertiesLauncher runs
# it with the jar's libraries on the class path
exec java -cp "$JAR" -Dloader.main=io.leadhub.sandbox.bench.Benchmark \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  --jar="$JAR" ${LABEL:+"--label=commit $LABEL"} ${ARGS[@]+"${ARGS[@]}"}
