# Shared by the bin/ scripts: find a JDK 21+, build the project on first use.
MITOSIS_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

java_major() {
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    local v; v=$(java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  local best="" best_v=0 d v
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    v=$(java_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  if [ -z "$best" ]; then
    echo "mitosis: no JDK 21 or newer found (JAVA_HOME or /usr/lib/jvm/*); install one, e.g. apt-get install openjdk-21-jdk" >&2
    return 1
  fi
  echo "$best"
}

JAVA_HOME="$(find_jdk)" || exit 1
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"

ensure_built() {
  local jar="$MITOSIS_HOME/target/mitosis-0.1.0-SNAPSHOT.jar"
  local stale=0
  if [ ! -f "$jar" ] || [ ! -d "$MITOSIS_HOME/target/lib" ]; then
    stale=1
  elif [ -n "$(find "$MITOSIS_HOME/src/main" "$MITOSIS_HOME/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]; then
    stale=1
  fi
  if [ "$stale" = 1 ]; then
    if ! command -v mvn >/dev/null 2>&1; then
      echo "mitosis: Maven (mvn) is needed to build; install it, e.g. apt-get install maven" >&2
      exit 1
    fi
    echo "mitosis: building (first use or sources changed)..." >&2
    (cd "$MITOSIS_HOME" && mvn -q -DskipTests package) >&2 || { echo "mitosis: build failed" >&2; exit 1; }
  fi
  CLASSPATH="$jar:$MITOSIS_HOME/target/lib/*"
  export CLASSPATH
}
