#!/usr/bin/env bash
# Stages the files the container image adds beside the application (Jib puts the app itself in /app):
#   /opt/java/openjdk   a Java runtime made with jlink from the build's JDK (only the modules the hub needs)
#   /lib, /lib64, ...   the shared libraries that runtime needs (glibc, zlib, libstdc++, ...), found with ldd
#   /usr/lib/locale     the C.UTF-8 locale
#   /etc/passwd, group  the non-root user leadhub (uid and gid 10001) and root
#   /tmp, /data         writable directories (temporary files; a mount point for a file database)
# so the image builds on the empty base "scratch", without a registry or a Docker daemon.
# With another base image (jib.from.image, e.g. eclipse-temurin:17-jre) only /data is staged: that base
# brings its own Java at /opt/java/openjdk, system libraries and /tmp.
#
# Usage: stage-rootfs.sh <staging dir> <classes dir> <base image> <CDS: true|false> [<JDK home>]
#   (run by mvn -Pimage package; -Dimage.cds=false, -Dimage.jdk=...)
# The JDK must be 17 or newer with its jmods/ folder (Debian's openjdk-17-jdk-headless, Temurin 17/21).
set -euo pipefail

STAGE=${1:?staging dir}
CLASSES=${2:?classes dir}
BASE=${3:?base image}
CDS=${4:?CDS true or false}
JDK=${5:-}
[ -n "$JDK" ] || JDK=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")

# The modules the hub uses: those jdeps finds in the production classes and their dependencies (java.desktop
# is java.beans for Spring, java.naming for H2 and Quartz, java.management.rmi for remote JMX, ...), plus what
# is loaded by name: jdk.crypto.ec (TLS to the vendors), jdk.charsets (CSV files in legacy encodings),
# jdk.naming.dns, jdk.zipfs; and jdk.jcmd for thread and heap dumps in a running container.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,\
java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,\
java.sql.rowset,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.ec,jdk.jcmd,jdk.jfr,\
jdk.management,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
# The runtime is headless: no windows, fonts, sound or image codecs. Their native libraries would pull X11,
# freetype, ALSA, libjpeg ... into the image for nothing.
HEADLESS_EXCLUDES='**/libawt_xawt.so,**/libjawt.so,**/libfontmanager.so,**/libsplashscreen.so,**/libjsound.so,**/libjavajpeg.so,**/liblcms.so'

fail() { echo "stage-rootfs: $*" >&2; exit 1; }

# the image is the production build: never the sandbox (e.g. a build with -Pimage and -Pdemo together)
if [ -e "$CLASSES/io/leadhub/sandbox" ] || [ -e "$CLASSES/application-sandbox.yml" ]; then
  fail "$CLASSES holds the sandbox; build the image from the production build alone (without -Pdemo)"
fi

rm -rf "$STAGE"
mkdir -p "$STAGE/data"

if [ "$BASE" != "scratch" ]; then
  echo "stage-rootfs: base image $BASE brings its own Java runtime; staging /data only"
  exit 0
fi

[ -x "$JDK/bin/jlink" ] || fail "no jlink in $JDK (a JDK is needed, not a JRE; give its home as -Dimage.jdk=...)"
[ -f "$JDK/jmods/java.base.jmod" ] || fail "$JDK has no jmods/ folder (jlink needs it); give another JDK as -Dimage.jdk=..."
VERSION=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JDK/release")
[ "${VERSION:-0}" -ge 17 ] || fail "$JDK is Java ${VERSION:-?}; the hub needs 17 or newer"
command -v ldd > /dev/null || fail "ldd is missing (Debian package libc-bin)"

RUNTIME="$STAGE/opt/java/openjdk"
mkdir -p "$(dirname "$RUNTIME")"
# CDS: the runtime gets its own class data sharing archive (lib/server/classes.jsa), as a JDK has, so the
# Java classes every start loads are mapped from it instead of being read and parsed. Java 17 writes that
# archive a little differently each time: with it, two builds of one commit differ in that file (and in the
# image digest); CDS=false leaves it out for a bit-for-bit reproducible image.
CDS_OPTION=()
[ "$CDS" = false ] || CDS_OPTION=(--generate-cds-archive)
"$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$MODULES" \
  --strip-debug --no-man-pages --no-header-files --exclude-files="$HEADLESS_EXCLUDES" \
  "${CDS_OPTION[@]}" --output "$RUNTIME"
[ "$CDS" = false ] || [ -f "$RUNTIME/lib/server/classes.jsa" ] || fail "jlink made no CDS archive (lib/server/classes.jsa)"

# the trusted CA certificates for TLS to the vendors come from the JDK's java.base module
[ "$(stat -c %s "$RUNTIME/lib/security/cacerts" 2> /dev/null || echo 0)" -gt 10000 ] \
  || fail "the runtime has no CA certificates (lib/security/cacerts)"

# Every ELF file of the runtime, and the shared libraries they load (recursively: ldd lists them all).
LIBS=$(mktemp)
trap 'rm -f "$LIBS"' EXIT
while IFS= read -r -d '' f; do
  head -c 4 "$f" | grep -q 'ELF' || continue
  out=$(ldd "$f" 2>&1) || fail "ldd $f: $out"
  # a library of the runtime itself (libjvm.so, loaded before the others) need not be on a search path
  while read -r missing; do
    [ -z "$missing" ] || [ -n "$(find "$RUNTIME" -name "$missing" -print -quit)" ] \
      || fail "$f needs $missing, which this machine lacks"
  done < <(awk '$3 == "not" { print $1 }' <<< "$out")
  # "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)"
  awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<< "$out" >> "$LIBS"
done < <(find "$RUNTIME" -type f \( -path '*/bin/*' -o -name '*.so' \) -print0)

while read -r lib; do
  case "$lib" in "$RUNTIME"/*) continue ;; esac   # the runtime's own libraries (libjli.so, ...)
  mkdir -p "$STAGE$(dirname "$lib")"
  cp -L "$lib" "$STAGE$lib"                        # a real file: Jib drops symbolic links
done < <(sort -u "$LIBS")

# the C.UTF-8 locale (LANG=C.UTF-8 in the image), so Java's native encoding is UTF-8, not ASCII
if [ -d /usr/lib/locale/C.utf8 ]; then
  mkdir -p "$STAGE/usr/lib/locale"
  cp -rL /usr/lib/locale/C.utf8 "$STAGE/usr/lib/locale/"
else
  echo "stage-rootfs: no /usr/lib/locale/C.utf8 on this machine; the image's native encoding stays ASCII" >&2
fi

mkdir -p "$STAGE/etc" "$STAGE/tmp"
cat > "$STAGE/etc/passwd" << 'EOF'
root:x:0:0:root:/root:/sbin/nologin
leadhub:x:10001:10001:Lead Hub:/data:/sbin/nologin
EOF
cat > "$STAGE/etc/group" << 'EOF'
root:x:0:
leadhub:x:10001:
EOF
cat > "$STAGE/etc/nsswitch.conf" << 'EOF'
passwd: files
group: files
hosts: files dns
EOF
# a container engine replaces /etc/hosts; this one is for running the image's root file system by hand
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$STAGE/etc/hosts"

echo "stage-rootfs: Java $VERSION runtime from $JDK ($(du -sh "$RUNTIME" | cut -f1)) and $(sort -u "$LIBS" | grep -vc "^$RUNTIME/") system libraries in $STAGE"
