# Sourced by the Makefile's recipes and the launchers: finds JDK 25 and exports JAVA_HOME.
# Prints one clear line and returns non-zero when no JDK 25 is installed.
jlvs_find_jdk() {
  local candidates=("${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/jdk-25*)
  local c v
  for c in "${candidates[@]}"; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  echo "jlvs: JDK 25 or newer not found. Install Temurin 25 (usually /usr/lib/jvm/temurin-25-jdk-amd64) or set JAVA_HOME to a JDK 25." >&2
  return 1
}

# jlvs_classpath ROOT NAME: prints the classpath of the launcher NAME: $JLVS_CLASSPATH when set,
# else the jars of the built layout (ROOT/build/jlvs/lib from `make build`, or ROOT/lib where the
# appliance installs them). Without them it says "run make build" and returns non-zero.
jlvs_classpath() {
  local root=$1 name=$2 lib
  if [ -n "${JLVS_CLASSPATH:-}" ]; then
    echo "$JLVS_CLASSPATH"
    return 0
  fi
  for lib in "$root/lib" "$root/build/jlvs/lib"; do
    if compgen -G "$lib/jlvs-*.jar" >/dev/null; then
      echo "$lib/*"
      return 0
    fi
  done
  echo "$name: jlvs is not built: run make build" >&2
  return 1
}

# jlvs_packages GROUP: the Debian packages of GROUP in scripts/debian-packages, one list for all.
jlvs_packages() {
  local list
  list="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/debian-packages"
  awk -v g="$1" '!/^#/ && NF >= 3 { n = split($2, gs, ","); for (i = 1; i <= n; i++) if (gs[i] == g) print $1 }' "$list"
}

# jlvs_require_tools WHO TOOL...: fails with one line naming the Debian package (from
# scripts/debian-packages) of the first TOOL that is missing; a tool the list does not declare is
# a bug of the script (scripts/CheckPackages.java finds those in `make test`).
jlvs_require_tools() {
  local who=$1 tool pkg list
  shift
  list="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/debian-packages"
  for tool in "$@"; do
    command -v "$tool" >/dev/null && continue
    pkg=$(awk -v t="$tool" '!/^#/ && NF >= 3 { n = split($3, c, ","); for (i = 1; i <= n; i++) if (c[i] == t) print $1 }' "$list" | head -n 1)
    if [ -n "$pkg" ]; then
      echo "$who: '$tool' missing; install the Debian package $pkg (scripts/setup.sh does)" >&2
    else
      echo "$who: '$tool' missing, and scripts/debian-packages names no package for it" >&2
    fi
    return 1
  done
}
