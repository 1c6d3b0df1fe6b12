#!/usr/bin/env bash
# Kills the hub with kill -9 in the middle of a 5,000-lead CSV import, starts it again on the same
# data, re-sends the upload (as a client whose request was cut off would), and checks that every
# lead ends CLEARED and the sandbox HubSpot holds exactly one contact per unique email.
# Needs the packaged hub with its sandbox: mvn -q -Pdemo package
# Options (environment): PORT (default 18090), KILL_AFTER seconds after the upload starts (default 2),
# LEADS (default 5000), START_WAIT seconds allowed for each start (default 180).
# On PostgreSQL: HUB_DB_URL=jdbc:postgresql://… HUB_DB_USER=… HUB_DB_PASSWORD=… (an empty database).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$ROOT/target/demo/lead-hub-demo.jar"; [ -f "$JAR" ] || JAR=
[ -n "$JAR" ] || { echo "build first: mvn -q -Pdemo package" >&2; exit 2; }
PORT=${PORT:-18090}; KILL_AFTER=${KILL_AFTER:-2}; LEADS=${LEADS:-5000}; START_WAIT=${START_WAIT:-180}
WORK=$(mktemp -d); cd "$WORK"   # another working directory: the hub finds its routes on the classpath
HUB=http://127.0.0.1:$PORT; KEY='Authorization: Bearer sandbox-admin-key'
echo "work dir: $WORK"

start() {
  java -jar "$JAR" --spring.profiles.active=sandbox --server.port="$PORT" > "hub-$1.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 "$START_WAIT"); do grep -q "Sandbox ready" "hub-$1.log" && return 0; sleep 1; done
  kill "$PID" 2>/dev/null || true
  echo "hub did not start within ${START_WAIT}s; see $WORK/hub-$1.log" >&2; exit 1
}
field() { grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }
summary() { curl -s -H "$KEY" "$HUB/api/v1/orgs/demo/integrations/hubspot/reconciliation/summary"; }

{ echo "Email,First Name,Last Name,Company"
  for i in $(seq 1 "$LEADS"); do echo "lead$i@firm$((i % 100)).com,Lead,No$i,Firm $((i % 100))"; done; } > leads.csv

start 1
curl -s -X POST -H "$KEY" -H 'Content-Type: text/csv' --data-binary @leads.csv \
  "$HUB/api/v1/orgs/demo/events/demo-event/leads/import" > upload-1.json 2>&1 &
sleep "$KILL_AFTER"
kill -9 "$PID"; wait "$PID" 2>/dev/null || true
echo "killed the hub ${KILL_AFTER}s into the upload (upload answer: $(cat upload-1.json 2>/dev/null | head -c 120))"

start 2
echo "after restart, before re-sending: $(summary | head -c 160)"
curl -s -X POST -H "$KEY" -H 'Content-Type: text/csv' --data-binary @leads.csv \
  "$HUB/api/v1/orgs/demo/events/demo-event/leads/import" > upload-2.json
echo "re-sent upload: $(head -c 120 upload-2.json)"
for _ in $(seq 1 300); do
  S=$(summary); [ "$(echo "$S" | field cleared)" = "$LEADS" ] && break; sleep 1
done
S=$(summary); STATS=$(curl -s "$HUB/sandbox/hubspot/_stats")
kill "$PID"; wait "$PID" 2>/dev/null || true
CLEARED=$(echo "$S" | field cleared); CONTACTS=$(echo "$STATS" | grep -o '"contacts":[0-9]*' | tail -1 | cut -d: -f2)
echo "summary: $S"
echo "HubSpot: $STATS"
echo "leads CLEARED: $CLEARED of $LEADS; HubSpot contacts: $CONTACTS (unique emails: $LEADS)"
[ "$CLEARED" = "$LEADS" ] && [ "$CONTACTS" = "$LEADS" ] && echo "PASS" || { echo "FAIL"; exit 1; }
