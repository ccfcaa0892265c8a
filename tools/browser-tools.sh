#!/usr/bin/env bash
# Install what the browser tests (tests/browser/) need, only where it is missing:
#   Chromium and Java (for the Nu HTML Checker) from Debian, when run as root,
#   and poppler-utils (pdftoppm renders the CV PDF in tests/*/test_cv*.py);
#   axe-core and vnu-jar from package-lock.json with `npm ci`.
# Quick when all is there. Outside CI a missing tool only warns (the browser
# tests then skip, naming it); in CI (CI=true) it is an error.
set -euo pipefail
cd "$(dirname "$0")/.."

in_ci() { case "${CI:-}" in "" | 0 | false | no) return 1 ;; *) return 0 ;; esac; }
missing() {
  echo "browser tests: $1" >&2
  if in_ci; then exit 1; fi
}

packages=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || packages+=(chromium)
command -v java >/dev/null || packages+=(default-jre-headless)
command -v npm >/dev/null || packages+=(npm)
command -v pdftoppm >/dev/null || packages+=(poppler-utils)
if ((${#packages[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "browser tests: apt-get install ${packages[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${packages[@]}" >/dev/null
  else
    missing "missing ${packages[*]} (as root: apt-get install ${packages[*]})"
  fi
fi

# node_modules/.package-lock.json is npm's record of the last install.
if ! command -v npm >/dev/null; then
  missing "npm is missing: cannot install axe-core and vnu-jar"
elif [ ! -f node_modules/.package-lock.json ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ] ||
  [ ! -f node_modules/axe-core/axe.min.js ] ||
  [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  # --ignore-scripts: vnu-jar's install script would download a Java runtime.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
