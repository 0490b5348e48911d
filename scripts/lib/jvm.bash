# Sourced by scripts/pasif, scripts/cluster, scripts/submit-nightly and scripts/run-notebooks: the
# JVM options and the classpath every Spark process of this repo runs with.

# The JVM options every Spark process of this repo runs with: conf/jvm.options, their one home
# (one option per line; '#' lines and blank lines skipped), read into PASIF_JVM_OPTIONS.
PASIF_JVM_OPTIONS=()
pasif_read_jvm_options() {
  local file line
  file="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/conf/jvm.options"
  [[ -f "$file" ]] || { echo "pasif: $file is missing" >&2; exit 1; }
  PASIF_JVM_OPTIONS=()
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [[ -z "$line" || "$line" == \#* ]] && continue
    PASIF_JVM_OPTIONS+=("$line")
  done <"$file"
  ((${#PASIF_JVM_OPTIONS[@]} > 0)) || { echo "pasif: $file lists no option" >&2; exit 1; }
}
pasif_read_jvm_options

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
