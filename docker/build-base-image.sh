#!/usr/bin/env bash
# Builds a Java 25 runtime image, local/jre25:latest, from this machine's JDK 25, for hosts that cannot pull
# eclipse-temurin:25-jre (no registry). Recipe: jlink the JDK into a runtime, add the shared libraries it links
# against and busybox (for /bin/sh and the user tools), and `docker import` the folder. About 10 s, no network.
# The class-data sharing archive makes every JVM start faster, the healthcheck's among them.
#
#   docker/build-base-image.sh [image]        default local/jre25:latest; does nothing if the image exists
#
# Needs Debian's busybox-static (apt-get install -y busybox-static). Users with Docker Hub do not need this:
# the Dockerfile's default base image is eclipse-temurin:25-jre.
set -euo pipefail

IMAGE=${1:-local/jre25:latest}
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE exists"
  exit 0
fi
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -x "$JAVA_HOME/bin/jlink" ] || { echo "No jlink under JAVA_HOME=$JAVA_HOME" >&2; exit 1; }
"$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25' || { echo "JAVA_HOME=$JAVA_HOME is not Java 25" >&2; exit 1; }
[ -x /bin/busybox ] || { echo "busybox is needed: apt-get install -y busybox-static" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
R=$WORK/rootfs
mkdir -p "$R/opt" "$R/bin" "$R/tmp" "$R/etc" "$R/root"
chmod 1777 "$R/tmp"
# every module of the JDK but jlink itself: JDK 25 builds such as Temurin's ship no jmods/ folder and link from the
# run-time image (JEP 493), where ALL-MODULE-PATH has no module path to name and jdk.jlink (with jdk.jpackage, which
# needs it) cannot be copied
modules=$("$JAVA_HOME/bin/java" --list-modules | sed 's/@.*//' | grep -vxE 'jdk.jlink|jdk.jpackage' | paste -sd, -)
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
  --output "$R/opt/java"
find "$R/opt/java" \( -name '*.so' -o -path '*/bin/*' \) -type f -print0 | xargs -0 -n1 ldd 2>/dev/null \
  | awk '/=> \//{print $3}' | sort -u | xargs -I{} cp --parents -L {} "$R/"
cp --parents -L /lib64/ld-linux-x86-64.so.2 "$R/"
cp /bin/busybox "$R/bin/"
for applet in $("$R/bin/busybox" --list); do
  [ -e "$R/bin/$applet" ] || ln -s busybox "$R/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534::/nonexistent:/bin/false\n' > "$R/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$R/etc/group"
tar -C "$R" -c . | docker import -c 'ENV JAVA_HOME=/opt/java' \
  -c 'ENV PATH=/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$IMAGE" >/dev/null
echo "Built $IMAGE"
