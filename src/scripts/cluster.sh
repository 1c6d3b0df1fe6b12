#!/usr/bin/env bash
# Starts N hub instances of the demo jar (profile sandbox) on one PostgreSQL database, sharing ONE set of
# sandbox simulators: a process of its own (io.leadhub.sandbox.SandboxSimulators) that no hub owns, so any
# hub instance may be stopped or killed. Instance 1 migrates the database and seeds the demo orgs, their
# integrations pointing at the shared simulators; the others start once it is up and seed nothing.
# Prints each instance's URL and pid; Ctrl-C stops them all (and the simulators).
#
# Database (required, PostgreSQL 14+; see src/docs/configuration.md#database):
#   HUB_DB_URL=jdbc:postgresql://127.0.0.1:5432/leadhub HUB_DB_USER=leadhub HUB_DB_PASSWORD=… src/scripts/cluster.sh
# Options (environment): N instances (default 3); BASE_PORT (default 18100: the simulators on BASE_PORT, the
# instances on BASE_PORT+1 … BASE_PORT+N); HEAP per JVM (default 512m); START_WAIT seconds per start (default 240);
# WORK directory for the logs and the simulators' store (default: a new temporary directory).
# Builds target/demo/lead-hub-demo.jar first if it is missing (mvn -B -q -Pdemo -DskipTests package).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/target/demo/lead-hub-demo.jar"
N=${N:-3}; BASE_PORT=${BASE_PORT:-18100}; HEAP=${HEAP:-512m}; START_WAIT=${START_WAIT:-240}
: "${HUB_DB_URL:?set HUB_DB_URL (and HUB_DB_USER, HUB_DB_PASSWORD) to a PostgreSQL database}"
case "$HUB_DB_URL" in
  jdbc:postgresql:*) ;;
  *) echo "HUB_DB_URL must name a PostgreSQL database: several instances cannot share an embedded H2 file" >&2; exit 2 ;;
esac
if [ ! -f "$JAR" ]; then
  echo "building $JAR (mvn -B -q -Pdemo -DskipTests package) ..."
  (cd "$ROOT" && mvn -B -q -Pdemo -DskipTests package)
fi
WORK=${WORK:-$(mktemp -d)}; mkdir -p "$WORK"; cd "$WORK"   # the hubs find their routes on the classpath
SIM_PORT=$BASE_PORT; SIM_URL=http://127.0.0.1:$SIM_PORT
PIDS=(); NAMES=()

stop() {
  trap - INT TERM EXIT
  echo; echo "stopping ${NAMES[*]:-nothing} ..."
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "stopped; logs in $WORK"
}
trap stop INT TERM EXIT

# await NAME LOG LINE: waits until LOG shows LINE; gives up if the process ended or START_WAIT passed
await() {
  local pid=${PIDS[$((${#PIDS[@]} - 1))]}
  for _ in $(seq 1 "$START_WAIT"); do
    grep -q "$3" "$2" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$1 ended while starting; see $2" >&2; tail -20 "$2" >&2; exit 1; }
    sleep 1
  done
  echo "$1 did not start within ${START_WAIT}s; see $2" >&2; exit 1
}

# the simulators alone: the vendors' records, tokens and rate windows, shared by every instance
java -Xmx"$HEAP" -cp "$JAR" -Dloader.main=io.leadhub.sandbox.SandboxSimulators \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  --server.port="$SIM_PORT" --server.address=127.0.0.1 \
  --hub.sandbox.store-url="jdbc:h2:file:$WORK/simulators;AUTO_SERVER=FALSE;WRITE_DELAY=20" > simulators.log 2>&1 &
PIDS+=($!); NAMES+=(simulators)
await simulators simulators.log "Simulators ready"
echo "simulators  $SIM_URL/sandbox/...  pid ${PIDS[0]}  log $WORK/simulators.log"

start_hub() {
  local i=$1 port=$((BASE_PORT + $1)) seed=false
  [ "$i" = 1 ] && seed=true
  HUB_JMX_PORT=0 java -Xmx"$HEAP" -jar "$JAR" --spring.profiles.active=sandbox \
    --server.port="$port" --server.address=127.0.0.1 \
    --hub.sandbox.simulators-url="$SIM_URL" --hub.sandbox.seed="$seed" \
    --hub.sandbox.store-url="jdbc:h2:mem:own-simulators;DB_CLOSE_DELAY=-1" \
    --camel.main.routes-reload-enabled=false > "hub-$i.log" 2>&1 &
  PIDS+=($!); NAMES+=("hub-$i")
}

start_hub 1
await hub-1 hub-1.log "Sandbox ready"
for i in $(seq 2 "$N"); do start_hub "$i"; done
for i in $(seq 2 "$N"); do
  for _ in $(seq 1 "$START_WAIT"); do grep -q "Sandbox ready" "hub-$i.log" 2>/dev/null && break; sleep 1; done
  grep -q "Sandbox ready" "hub-$i.log" || { echo "hub-$i did not start; see $WORK/hub-$i.log" >&2; exit 1; }
done

echo
echo "$N hub instances on $HUB_DB_URL, sharing the simulators at $SIM_URL (operator key sandbox-admin-key):"
for i in $(seq 1 "$N"); do
  echo "  hub-$i  http://127.0.0.1:$((BASE_PORT + i))/console  pid ${PIDS[$i]}  log $WORK/hub-$i.log"
done
echo "kill -9 any of them; the others take over its work once its leases run out. Ctrl-C stops everything."
wait
