#!/usr/bin/env bash
# The packaged app (mvn -B -Pdist package): an app image with its own Java runtime, so a lecturer
# runs RingScope without Java or Maven installed. jlink makes the runtime — the JDK modules the app
# uses and JavaFX's modules, so JavaFX runs as named modules the way it supports — and jpackage puts
# the launchers around it: bin/RingScope opens the window, bin/ringscope is the command line.
# The samples and lessons travel inside the app's jar (pom.xml puts them there) and in samples/.
set -euo pipefail
project="$1"        # the project's folder
target="$2"         # its target folder
version="$3"        # the project's version (jpackage wants digits and dots)
jar="$4"            # the app's own jar (without its dependencies)
dist="$target/dist"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
for tool in jlink jpackage; do
  if [ ! -x "$java_home/bin/$tool" ]; then
    echo "error: $tool is missing from $java_home: the packaged app needs a full JDK 17 (jlink and jpackage)" >&2
    exit 1
  fi
done
if [ ! -d "$java_home/jmods" ]; then
  echo "error: $java_home/jmods is missing: jlink needs the JDK's module files (Debian: apt-get install openjdk-17-jmods)" >&2
  exit 1
fi

# The JDK modules the app and its libraries use (jdeps on the jars said so; java.sql for Jackson's
# date types, jdk.zipfs to read the samples inside the jar, jdk.crypto.ec for PDFBox).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.prefs,java.scripting,java.sql,java.xml,jdk.unsupported,jdk.zipfs,jdk.crypto.ec,jdk.localedata
# JavaFX's module jars are the ones with a platform in their name (javafx-graphics-21.0.12-linux.jar);
# the jars without one are empty placeholders that Maven resolves beside them.
rm -rf "$dist/fxmods" && mkdir -p "$dist/fxmods"
find "$dist/javafx" -name 'javafx-*-*-*.jar' -exec cp {} "$dist/fxmods/" \;
fx_modules=$(cd "$dist/fxmods" && ls | sed -E 's/^javafx-([a-z]+)-.*$/javafx.\1/' | sort -u | paste -sd, -)
if [ -z "$fx_modules" ]; then
  echo "error: no JavaFX module jars in $dist/javafx" >&2
  exit 1
fi

cp "$jar" "$dist/app/ringscope-app.jar"

# The samples and lessons beside the app, where File > Open finds them (they are in its jar too).
rm -rf "$dist/app/samples"
mkdir -p "$dist/app/samples"
(cd "$project/samples" && tar --exclude=./tools -cf - .) | (cd "$dist/app/samples" && tar -xf -)

rm -rf "$dist/runtime" "$dist/RingScope"
"$java_home/bin/jlink" --module-path "$java_home/jmods:$dist/fxmods" \
  --add-modules "$modules,$fx_modules" --include-locales en \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$dist/runtime"

# The command line draws headless (render, lesson export) with Monocle, which sits on the class path
# and implements JavaFX's internal Glass interfaces: it needs them exported (cli.JavaFxLauncher's list).
exports=""
for p in com.sun.glass.events com.sun.glass.ui com.sun.glass.ui.delegate com.sun.glass.utils com.sun.javafx.tk com.sun.javafx.util; do
  exports="$exports --add-exports javafx.graphics/$p=ALL-UNNAMED"
done
exports="$exports --add-exports javafx.base/com.sun.javafx.logging=ALL-UNNAMED"
cat > "$dist/ringscope.properties" <<PROPS
main-class=dev.ringscope.Main
description=RingScope on the command line
java-options=${exports# }
PROPS

app_version=$(echo "$version" | sed -E 's/[^0-9.].*$//')
"$java_home/bin/jpackage" --type app-image --name RingScope --app-version "${app_version:-1.0}" \
  --vendor RingScope --description "See how an x86 machine crosses privilege rings and how a hypervisor virtualizes it" \
  --dest "$dist" --runtime-image "$dist/runtime" --input "$dist/app" \
  --main-jar "ringscope-app.jar" --main-class dev.ringscope.ui.RingScopeApp \
  --add-launcher "ringscope=$dist/ringscope.properties"
echo "packaged app: $dist/RingScope ($(du -sh "$dist/RingScope" | cut -f1))"
