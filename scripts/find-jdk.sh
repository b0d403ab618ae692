# Sourced by ./trainplan and ./test: sets JAVA_HOME to a JDK whose release is 21 or newer.
# Order: $JAVA_HOME, the javac on PATH, then the usual JDK folders (newest first).
# A JDK, not a JRE, because the launcher may have to build the project first.

trainplan_jdk_release() { # prints the feature release of the JDK at $1, or nothing
  [ -x "$1/bin/javac" ] && [ -x "$1/bin/java" ] || return 0
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  [ -n "$v" ] || v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  printf '%s' "$v"
}

trainplan_find_jdk() {
  local candidate release best="" best_release=0
  local -a candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  # The first acceptable of JAVA_HOME and PATH wins: the user chose them.
  for candidate in "${candidates[@]}"; do
    release=$(trainplan_jdk_release "$candidate")
    if [ -n "$release" ] && [ "$release" -ge 21 ]; then JAVA_HOME="$candidate"; export JAVA_HOME; return 0; fi
  done
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
                   "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$candidate" ] || continue
    release=$(trainplan_jdk_release "$candidate")
    if [ -n "$release" ] && [ "$release" -ge 21 ] && [ "$release" -gt "$best_release" ]; then
      best="$candidate"; best_release="$release"
    fi
  done
  if [ -n "$best" ]; then JAVA_HOME="$best"; export JAVA_HOME; return 0; fi
  echo "trainplan needs a JDK 21 or newer (25 recommended) and found none: set JAVA_HOME to one," \
       "or install one (e.g. 'apt-get install openjdk-21-jdk' or a Temurin 25 JDK)." >&2
  return 1
}
