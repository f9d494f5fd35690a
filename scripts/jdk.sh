#!/usr/bin/env bash
# Prints the home of a JDK that can build this project (release 25, the Lambda java25 runtime).
# Order: $JAVA_HOME if it is 25+, the `java` on PATH if it is 25+, then any JDK 25+ in the system's JVM directory.
set -euo pipefail
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
ok() { [ -x "$1/bin/javac" ] && [ "$(major "$1")" -ge 25 ] 2>/dev/null; }
if [ -n "${JAVA_HOME:-}" ] && ok "$JAVA_HOME"; then echo "$JAVA_HOME"; exit 0; fi
if command -v javac >/dev/null; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  if ok "$home"; then echo "$home"; exit 0; fi
fi
for home in /usr/lib/jvm/*; do
  if ok "$home"; then echo "$home"; exit 0; fi
done
echo "no JDK 25 or newer found: install one (e.g. Temurin 25) or set JAVA_HOME" >&2
exit 1
