#!/usr/bin/env bash
# Runs the hub's container image without a Docker engine and checks that it works:
#  1. the image config (from the tarball): a non-root user, the entrypoint, port 8080 exposed;
#  2. the layers, unpacked in order into a root file system: no sandbox file, the routes are there;
#  3. the entrypoint, run as the image's user in that root file system (a private mount and host-name
#     namespace, /proc, a minimal /dev and /etc/hosts, as a container engine gives), with an H2 file
#     database under /data: /actuator/health must answer UP within HUB_SMOKE_TIMEOUT seconds (default 300);
#  4. compose.yaml's health check command, run inside the same root file system as the image's user;
#  5. the hub process runs as that user, not root, and stops on SIGTERM.
# Prints the tarball's size and the time to healthy; the hub's log is kept as target/image-smoke-hub.log.
# Needs root (CI runs as root), jq and curl.
# Usage: src/scripts/image-smoke.sh [target/jib-image.tar]   (build it first: mvn -B -Pimage -DskipTests package)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TAR=${1:-$ROOT/target/jib-image.tar}
COMPOSE=$ROOT/src/deploy/compose.yaml
TIMEOUT=${HUB_SMOKE_TIMEOUT:-300}

fail() { echo "image-smoke: FAIL: $*" >&2; exit 1; }
say() { echo "image-smoke: $*"; }

[ -f "$TAR" ] || fail "no image tarball at $TAR (build it: mvn -B -Pimage -DskipTests package)"
[ "$(id -u)" = 0 ] || fail "needs root (to enter the image's root file system and mount /proc and /dev in it)"
for tool in jq curl unshare nsenter tar; do
  command -v "$tool" > /dev/null || fail "$tool is missing"
done

WORK=$(mktemp -d /tmp/leadhub-image-smoke.XXXXXX)
PID=
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2> /dev/null; then kill -KILL "$PID" 2> /dev/null || true; fi
  # the mounts live in the hub's private mount namespace: gone with it, so the folder can go
  if [ -n "$PID" ]; then wait "$PID" 2> /dev/null || true; fi
  if [ -f "$WORK/hub.log" ] && [ -d "$ROOT/target" ]; then cp "$WORK/hub.log" "$ROOT/target/image-smoke-hub.log"; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

SIZE=$(stat -c %s "$TAR")
say "tarball $TAR: $SIZE bytes ($(( (SIZE + 524288) / 1048576 )) MiB)"

# --- 1. the image config -------------------------------------------------------------------------------------
mkdir -p "$WORK/image" "$WORK/rootfs"
tar -xf "$TAR" -C "$WORK/image"
[ -f "$WORK/image/manifest.json" ] || fail "no manifest.json in $TAR (not a docker-save tarball)"
CONFIG="$WORK/image/$(jq -r '.[0].Config' "$WORK/image/manifest.json")"
[ -f "$CONFIG" ] || fail "the manifest names a config file the tarball lacks"
say "image tags: $(jq -r '.[0].RepoTags | join(", ")' "$WORK/image/manifest.json")"

USER_SPEC=$(jq -r '.config.User // ""' "$CONFIG")
[[ "$USER_SPEC" =~ ^([0-9]+):([0-9]+)$ ]] || fail "image user is '$USER_SPEC', expected numeric uid:gid"
UID_=${BASH_REMATCH[1]}; GID_=${BASH_REMATCH[2]}
[ "$UID_" != 0 ] && [ "$GID_" != 0 ] || fail "the image runs as root ($USER_SPEC)"
mapfile -t ENTRYPOINT < <(jq -r '.config.Entrypoint // [] | .[]' "$CONFIG")
[ "${#ENTRYPOINT[@]}" -gt 0 ] || fail "the image has no entrypoint"
jq -e '.config.ExposedPorts["8080/tcp"]' "$CONFIG" > /dev/null || fail "port 8080/tcp is not exposed"
WORKDIR=$(jq -r '.config.WorkingDir // "/"' "$CONFIG")
mapfile -t IMAGE_ENV < <(jq -r '.config.Env // [] | .[]' "$CONFIG")
say "config: user $USER_SPEC, working dir $WORKDIR, exposed $(jq -r '.config.ExposedPorts | keys | join(",")' "$CONFIG")"
say "entrypoint: ${ENTRYPOINT[*]}"

# --- 2. the root file system ---------------------------------------------------------------------------------
while read -r layer; do
  tar --warning=no-unknown-keyword --numeric-owner -xpf "$WORK/image/$layer" -C "$WORK/rootfs"
done < <(jq -r '.[0].Layers[]' "$WORK/image/manifest.json")
R="$WORK/rootfs"
[ -x "$R${ENTRYPOINT[0]}" ] || fail "the entrypoint ${ENTRYPOINT[0]} is not an executable file in the image"
SANDBOX=$(cd "$R" && find . \( -path '*/io/leadhub/sandbox*' -o -name 'application-sandbox.yml' \
  -o -path '*/mappings/catalogs*' -o -path './app/*/sandbox/*' \) -print | head -5)
[ -z "$SANDBOX" ] || fail "the image contains sandbox files: $SANDBOX"
ls "$R"/app/resources/routes/capture/*.camel.yaml > /dev/null 2>&1 || fail "no routes in the image (/app/resources/routes)"
ls "$R"/app/resources/mappings/defaults/*.yaml > /dev/null 2>&1 || fail "no default mappings in the image"
say "root file system: $(du -sh "$R" | cut -f1), no sandbox file, routes and mappings under /app/resources"

# --- 3. run the entrypoint as the image's user ---------------------------------------------------------------
PORT=${HUB_SMOKE_PORT:-$(( 20000 + RANDOM % 10000 ))}
if (exec 3<> "/dev/tcp/127.0.0.1/$PORT") 2> /dev/null; then fail "port $PORT is taken; set HUB_SMOKE_PORT"; fi
mkdir -p "$R/proc" "$R/dev"
printf '127.0.0.1\tlocalhost leadhub-smoke\n::1\tlocalhost\n' > "$WORK/hosts"
# the hub's environment: the image's, and the settings production needs (an H2 file database under /data)
{ printf '%s\n' "${IMAGE_ENV[@]}"
  echo HUB_DB_URL=jdbc:h2:file:/data/leadhub
  echo "HUB_VAULT_KEY=$(head -c 32 /dev/urandom | base64)"
  echo "HUB_PORT=$PORT"
  echo SERVER_ADDRESS=127.0.0.1; } > "$WORK/hub.env"
# what a container engine sets up, in a mount and host-name namespace of the hub's own; then the entrypoint
# with only that environment, in the root file system, as the image's user (exec all the way: $! is the hub)
SETUP='set -e
  echo leadhub-smoke > /proc/sys/kernel/hostname
  mount -t proc proc "$R/proc"
  mount -t tmpfs -o mode=755,nosuid tmpfs "$R/dev"
  for d in null zero full random urandom tty; do touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"; done
  mkdir -p "$R/dev/shm"; mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$R/dev/shm"
  mount --bind "$WORK/hosts" "$R/etc/hosts"
  mapfile -t HUB_ENV < "$WORK/hub.env"
  exec env -i "${HUB_ENV[@]}" "$UNSHARE" --root="$R" --wd="$WORKDIR" --setgid="$GID_" --setuid="$UID_" -- "$@"'
UNSHARE=$(command -v unshare)
START=$(date +%s%N)
R="$R" WORK="$WORK" WORKDIR="$WORKDIR" UID_="$UID_" GID_="$GID_" UNSHARE="$UNSHARE" \
  "$UNSHARE" --mount --uts --propagation private -- /bin/bash -c "$SETUP" hub "${ENTRYPOINT[@]}" \
  > "$WORK/hub.log" 2>&1 &
PID=$!

HEALTH=http://127.0.0.1:$PORT/actuator/health
ANSWER=
while :; do
  if ! kill -0 "$PID" 2> /dev/null; then
    tail -40 "$WORK/hub.log" >&2
    fail "the hub exited before it was healthy (log above)"
  fi
  ANSWER=$(curl -s --max-time 5 "$HEALTH" || true)
  [[ "$ANSWER" == '{"status":"UP"'* ]] && break
  if [ $(( ($(date +%s%N) - START) / 1000000000 )) -ge "$TIMEOUT" ]; then
    tail -40 "$WORK/hub.log" >&2
    fail "no UP from $HEALTH within ${TIMEOUT}s (last answer: '${ANSWER:-none}'; log above)"
  fi
  sleep 1
done
HEALTHY_MS=$(( ($(date +%s%N) - START) / 1000000 ))
say "healthy after $((HEALTHY_MS / 1000)).$(printf '%03d' $((HEALTHY_MS % 1000)))s: $ANSWER"
grep -q 'Routes startup' "$WORK/hub.log" || fail "the log shows no Camel routes startup"
# a module or native library the jlinked runtime lacks shows up as one of these
MISSING=$(grep -E 'NoClassDefFoundError|ClassNotFoundException: (java|javax|jdk|sun|com\.sun)\.|UnsatisfiedLinkError' \
  "$WORK/hub.log" | head -3 || true)
[ -z "$MISSING" ] || fail "the runtime lacks something: $MISSING"
say "$(grep -o 'Routes startup (total:[^)]*)' "$WORK/hub.log" | head -1)"

# --- 4. compose.yaml's health check, inside the image, like docker exec ---------------------------------------
[ -f "$COMPOSE" ] || fail "no $COMPOSE"
TEST_LINE=$(sed -n 's/^ *test: *\(\[.*HealthProbe.*\]\) *$/\1/p' "$COMPOSE" | head -1)
[ -n "$TEST_LINE" ] || fail "no 'test: [...HealthProbe...]' health check line for the hub in $COMPOSE"
[ "$(jq -r '.[0]' <<< "$TEST_LINE")" = CMD ] || fail "compose health check is not an exec form [\"CMD\", ...]: $TEST_LINE"
mapfile -t PROBE < <(jq -r '.[1:][]' <<< "$TEST_LINE")
PROBE_OUT=$(env -i "${IMAGE_ENV[@]}" HUB_PORT="$PORT" "$(command -v nsenter)" --target "$PID" --mount --uts -- \
  "$UNSHARE" --root="$R" --wd="$WORKDIR" --setgid="$GID_" --setuid="$UID_" -- "${PROBE[@]}" 2>&1) \
  || fail "the health check command (${PROBE[*]}) failed in the image: $PROBE_OUT"
say "health check in the image: ${PROBE[*]} -> exit 0 ($PROBE_OUT)"

# jcmd, for thread and heap dumps in a running container, attaches to the hub as its user
JCMD_OUT=$(env -i "${IMAGE_ENV[@]}" "$(command -v nsenter)" --target "$PID" --mount --uts -- \
  "$UNSHARE" --root="$R" --wd="$WORKDIR" --setgid="$GID_" --setuid="$UID_" -- /opt/java/openjdk/bin/jcmd "$PID" VM.uptime 2>&1) \
  || fail "jcmd could not attach to the hub in the image: $JCMD_OUT"
say "jcmd in the image: $(tail -1 <<< "$JCMD_OUT")"

# --- 5. the process user, then stop ------------------------------------------------------------------------
read -r _ RUID EUID_ _ _ < <(grep '^Uid:' "/proc/$PID/status")
read -r _ RGID EGID _ _ < <(grep '^Gid:' "/proc/$PID/status")
GROUPS_=$(sed -n 's/^Groups:\s*//p' "/proc/$PID/status" | xargs)
EXE=$(readlink "/proc/$PID/exe")
[ "$RUID" = "$UID_" ] && [ "$EUID_" = "$UID_" ] || fail "the hub runs as uid $RUID/$EUID_, not $UID_"
[ "$RGID" = "$GID_" ] && [ "$EGID" = "$GID_" ] || fail "the hub runs as gid $RGID/$EGID, not $GID_"
[ -z "$GROUPS_" ] || [ "$GROUPS_" = "$GID_" ] || fail "the hub keeps supplementary groups: $GROUPS_"
say "hub process $PID: uid $RUID, gid $RGID, supplementary groups '${GROUPS_}', executable $EXE"
[ "$(stat -c %u "$R/data/leadhub.mv.db" 2> /dev/null)" = "$UID_" ] || fail "no database file written by uid $UID_ in /data"

kill -TERM "$PID"
for _ in $(seq 1 60); do kill -0 "$PID" 2> /dev/null || break; sleep 1; done
kill -0 "$PID" 2> /dev/null && fail "the hub did not stop within 60s of SIGTERM"
wait "$PID" && CODE=0 || CODE=$?
PID=
say "stopped on SIGTERM (exit $CODE)"
say "PASS: tarball $(( (SIZE + 524288) / 1048576 )) MiB, healthy in $((HEALTHY_MS / 1000)).$(printf '%03d' $((HEALTHY_MS % 1000)))s"
