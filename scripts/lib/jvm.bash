# Sourced by scripts/cluster and scripts/submit-nightly: the JVM flags and the classpath every
# Spark process of this repo runs with.

# Spark's own JVM flags for Java 17; the same list is pasif.jvm.opens in pom.xml and in
# scripts/pasif.
PASIF_JVM_OPENS=(
  -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true
)

PASIF_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# pasif_ensure_built REPO PROG: builds jobs/target/pasif-jobs.jar and the classpath files when
# one is missing or the sources are newer than the jar. PASIF_NO_BUILD=1 (the tests) forbids
# building: a missing artifact is then an error.
pasif_ensure_built() {
  local repo="$1" prog="$2" target="$1/jobs/target" stale=""
  local jar="$target/pasif-jobs.jar"
  if [[ -f "$jar" && -f "$target/classpath-runtime.txt" && -f "$target/classpath-provided.txt" ]]; then
    stale="$(find "$repo/jobs/src/main" "$repo/jobs/pom.xml" "$repo/pom.xml" -newer "$jar" -print -quit)"
    [[ -z "$stale" ]] && return 0
    [[ "${PASIF_NO_BUILD:-0}" == 1 ]] && return 0
  elif [[ "${PASIF_NO_BUILD:-0}" == 1 ]]; then
    echo "$prog: $jar or its classpath files are missing and PASIF_NO_BUILD=1 (run mvn package)" >&2
    exit 1
  fi
  command -v mvn >/dev/null || { echo "$prog: mvn not found: it is needed to build $jar" >&2; exit 1; }
  echo "$prog: building $jar (mvn package -DskipTests) ..." >&2
  if ! (cd "$repo" && mvn -B -ntp -q package -DskipTests -Dspotless.check.skip=true) >&2; then
    echo "$prog: the build failed" >&2
    exit 1
  fi
}

# pasif_classpath REPO: every dependency jar, Spark included (runtime, then provided), ':'-joined.
pasif_classpath() {
  printf '%s:%s\n' "$(cat "$1/jobs/target/classpath-runtime.txt")" \
    "$(cat "$1/jobs/target/classpath-provided.txt")"
}
