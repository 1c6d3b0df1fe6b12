#!/usr/bin/env bash
# Measures how long the hub takes from `java -jar` to healthy: the time from starting the process to the
# first 200 of /actuator/health (the endpoint the image's health check, io.leadhub.platform.HealthProbe, asks;
# it answers 200 only with status UP), polled with curl every 100 ms. Runs the jar RUNS times (default 3),
# each in a new empty directory with an H2 file database there, a random vault key and a free port, stops it
# with SIGTERM, and prints the median in seconds on standard output (each run's time and "Started ... in"
# line on standard error).
#
# Usage: src/scripts/startup-time.sh <jar> [application arguments...]
#   src/scripts/startup-time.sh target/lead-hub-0.1.0-SNAPSHOT.jar                          # production jar
#   src/scripts/startup-time.sh target/demo/lead-hub-demo.jar --spring.profiles.active=sandbox   # with the simulators
# Build first: mvn -B -q -DskipTests package (production) or mvn -B -q -Pdemo -DskipTests package (demo).
# Environment: RUNS (default 3), JAVA_OPTS (JVM options, e.g. -Xlog:class+load:file=classes.txt), TIMEOUT
# seconds per run (default 300), HUB_DB_URL (with HUB_DB_USER, HUB_DB_PASSWORD: another database instead of
# the empty H2 file, e.g. PostgreSQL; it must be empty for a first-start figure), KEEP_LOGS=dir (each run's
# log is copied there as startup-<n>.log). Remote JMX is off (HUB_JMX_PORT=0) unless HUB_JMX_PORT is set, so
# runs never clash with another hub on the sandbox's port 9010.
set -euo pipefail
JAR=${1:?usage: startup-time.sh <jar> [application arguments...]}
shift
[ -f "$JAR" ] || { echo "startup-time: no jar at $JAR" >&2; exit 2; }
JAR=$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-300}
command -v curl > /dev/null || { echo "startup-time: curl is missing" >&2; exit 2; }

PID=
WORK=
run=0
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2> /dev/null; then
    kill -TERM "$PID" 2> /dev/null || true
    for _ in $(seq 1 600); do kill -0 "$PID" 2> /dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2> /dev/null || true
  fi
  if [ -n "$PID" ]; then wait "$PID" 2> /dev/null || true; fi
  PID=
  if [ -n "$WORK" ] && [ -n "${KEEP_LOGS:-}" ] && [ -f "$WORK/hub.log" ]; then
    mkdir -p "$KEEP_LOGS" && cp "$WORK/hub.log" "$KEEP_LOGS/startup-$run.log"
  fi
  if [ -n "$WORK" ]; then rm -rf "$WORK"; fi
  WORK=
}
trap cleanup EXIT

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null; then echo "$p"; return; fi
  done
  echo "startup-time: no free port found" >&2
  exit 2
}

TIMES=()
for run in $(seq 1 "$RUNS"); do
  WORK=$(mktemp -d /tmp/leadhub-startup.XXXXXX)
  PORT=$(free_port)
  START=$(date +%s%N)
  # shellcheck disable=SC2086  # JAVA_OPTS is a list of options
  (cd "$WORK" && exec env \
    HUB_DB_URL="${HUB_DB_URL:-jdbc:h2:file:$WORK/leadhub;DB_CLOSE_ON_EXIT=FALSE}" \
    HUB_VAULT_KEY="$(head -c 32 /dev/urandom | base64)" \
    HUB_PORT="$PORT" \
    HUB_JMX_PORT="${HUB_JMX_PORT:-0}" \
    SERVER_ADDRESS=127.0.0.1 \
    java ${JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" "$@") > "$WORK/hub.log" 2>&1 &
  PID=$!
  HEALTH=http://127.0.0.1:$PORT/actuator/health
  while :; do
    if ! kill -0 "$PID" 2> /dev/null; then
      tail -30 "$WORK/hub.log" >&2
      echo "startup-time: the hub exited before it was healthy (log above)" >&2
      exit 1
    fi
    CODE=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$HEALTH" || true)
    [ "$CODE" = 200 ] && break
    if [ $((($(date +%s%N) - START) / 1000000000)) -ge "$TIMEOUT" ]; then
      tail -30 "$WORK/hub.log" >&2
      echo "startup-time: $HEALTH did not answer 200 within ${TIMEOUT}s (log above)" >&2
      exit 1
    fi
    sleep 0.1
  done
  MS=$((($(date +%s%N) - START) / 1000000))
  TIMES+=("$MS")
  # the hub's own CPU time until then (user + system, clock ticks): steadier than the wall clock on a busy machine
  # (and the main thread's alone: the one named "java" that worked most; the others are compilers, GC, ...)
  HZ=$(getconf CLK_TCK)
  CPU=$(awk -v hz="$HZ" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$PID/stat" 2> /dev/null || echo '?')
  MAIN=$(for t in /proc/"$PID"/task/*; do
    if [ "$(cat "$t/comm" 2> /dev/null)" = java ]; then awk '{ print $14 + $15 }' "$t/stat" 2> /dev/null || true; fi
  done | sort -n | tail -1 | awk -v hz="$HZ" '{ printf "%.1f", $1 / hz }')
  STARTED=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds[^)]*)' "$WORK/hub.log" | head -1 || true)
  printf 'startup-time: run %d: healthy after %d.%03ds, CPU %ss (main thread %ss), load %s (%s)\n' "$run" \
    $((MS / 1000)) $((MS % 1000)) "$CPU" "${MAIN:-?}" "$(cut -d' ' -f1 /proc/loadavg)" "${STARTED:-no Started line}" >&2
  cleanup
done

MEDIAN=$(printf '%s\n' "${TIMES[@]}" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
printf 'startup-time: median of %d: %d.%03ds\n' "$RUNS" $((MEDIAN / 1000)) $((MEDIAN % 1000)) >&2
awk -v ms="$MEDIAN" 'BEGIN { printf "%.2f\n", ms / 1000 }'
