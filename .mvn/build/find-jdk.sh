# Sourced by ./panamax and examples/consumer/run: find_jdk prints the home of a JDK 25 or newer (JAVA_HOME, then
# java on PATH, then the standard install locations: the order the build's toolchain uses), or nothing.

# The major version of the JDK at $1 (a JDK home), from its release file; empty if unknown.
jdk_major() {
  local rel="$1/release" v
  [[ -f $rel && -x $1/bin/java ]] || return 0
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel" | head -n 1)"
  printf '%s' "$v"
}

is_jdk25() {
  local m
  m="$(jdk_major "$1")"
  [[ -n $m && $m -ge 25 ]]
}

# JAVA_HOME, then java on PATH, then the standard install locations (the order the build's toolchain uses).
find_jdk() {
  if [[ -n ${JAVA_HOME:-} ]] && is_jdk25 "$JAVA_HOME"; then
    printf '%s' "$JAVA_HOME"
    return
  fi
  local j home
  if j="$(command -v java 2>/dev/null)"; then
    home="$(dirname "$(dirname "$(readlink -f "$j")")")"
    if is_jdk25 "$home"; then
      printf '%s' "$home"
      return
    fi
  fi
  local c
  for c in /usr/lib/jvm/* /usr/local/jdk* /usr/local/java* /usr/local/lib/jvm/* /opt/jdk* /opt/java/* /opt/java \
           /opt/*jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [[ -d $c ]] && is_jdk25 "$c"; then
      printf '%s' "$c"
      return
    fi
  done
}
