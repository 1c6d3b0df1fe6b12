#!/usr/bin/env bash
# Lays the packaged hub out for a fast `java -jar`: extracts the jar (Spring Boot's "tools" jar mode: the hub's
# jar plus lib/, no nested jars) and makes a class data sharing archive of every class a start-up loads, by one
# training run of the hub (an empty H2 database in a temporary directory, stopped once /actuator/health says UP).
# Started with the archive, the JVM maps those classes instead of loading, parsing and verifying them.
#
# Usage: src/scripts/cds-archive.sh [jar] [dir] [application arguments for the training run...]
#   defaults: target/lead-hub-<version>.jar, target/fast-start
# Then start the hub with the same Java runtime and the files where they are (the archive names their paths):
#   java -XX:SharedArchiveFile=target/fast-start/lead-hub.jsa -jar target/fast-start/lead-hub-<version>.jar
# A JVM that cannot use the archive (another Java build, a changed jar) says so once and starts without it.
# Environment: TIMEOUT seconds allowed for the training run (default 600).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${1:-$(ls "$ROOT"/target/lead-hub-*.jar 2> /dev/null | grep -v -- '-demo' | head -1 || true)}
DIR=${2:-$ROOT/target/fast-start}
shift $(($# > 2 ? 2 : $#))
TIMEOUT=${TIMEOUT:-600}
[ -n "$JAR" ] && [ -f "$JAR" ] || { echo "cds-archive: no jar (build it: mvn -B -DskipTests package)" >&2; exit 2; }
command -v curl > /dev/null || { echo "cds-archive: curl is missing" >&2; exit 2; }

rm -rf "$DIR"
mkdir -p "$(dirname "$DIR")"
java -Djarmode=tools -jar "$JAR" extract --destination "$DIR" > /dev/null
DIR=$(cd "$DIR" && pwd)
APP="$DIR/$(basename "$JAR")"
[ -f "$APP" ] || { echo "cds-archive: the extracted jar is not at $APP" >&2; exit 1; }
ARCHIVE="$DIR/lead-hub.jsa"

WORK=$(mktemp -d /tmp/leadhub-cds.XXXXXX)
PID=
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2> /dev/null; then kill -KILL "$PID" 2> /dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT=
for _ in $(seq 1 50); do
  PORT=$((20000 + RANDOM % 20000))
  if ! (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null; then break; fi
done

(cd "$WORK" && exec env \
  HUB_DB_URL="jdbc:h2:file:$WORK/leadhub;DB_CLOSE_ON_EXIT=FALSE" \
  HUB_VAULT_KEY="$(head -c 32 /dev/urandom | base64)" \
  HUB_JMX_PORT=0 \
  SERVER_ADDRESS=127.0.0.1 \
  java -XX:ArchiveClassesAtExit="$ARCHIVE" -jar "$APP" --server.port="$PORT" "$@") > "$WORK/hub.log" 2>&1 &
PID=$!
START=$(date +%s)
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/actuator/health" || true)" = 200 ]; do
  if ! kill -0 "$PID" 2> /dev/null || [ $(($(date +%s) - START)) -ge "$TIMEOUT" ]; then
    tail -30 "$WORK/hub.log" >&2
    echo "cds-archive: the training run did not become healthy (log above)" >&2
    exit 1
  fi
  sleep 0.5
done
# the archive is written when the JVM exits
kill -TERM "$PID"
wait "$PID" || true
PID=
[ -s "$ARCHIVE" ] || { tail -30 "$WORK/hub.log" >&2; echo "cds-archive: no archive written" >&2; exit 1; }
echo "cds-archive: $(du -h "$ARCHIVE" | cut -f1) archive $ARCHIVE for $APP"
echo "start: java -XX:SharedArchiveFile=$ARCHIVE -jar $APP"
