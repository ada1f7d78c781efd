#!/usr/bin/env bash
# Runs the bundled sample and a generated 200-post site through `sync --html`, `check --format json`
# and `status`, and keeps every output in DIR. Two snapshots made with two versions of the code
# compare with:  diff -r -I 'Creation-Date\|Revision-Date' DIR1 DIR2   (only dates may differ).
# Used to show that a refactoring changed no behaviour.   usage: bench/snapshot.sh DIR [POSTS]
set -u
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"; posts="${2:-200}"
rm -rf "$out"; mkdir -p "$out/sample"
cp -r "$repo/content" "$repo/locales" "$repo/i18nflow.toml" "$out/sample/"
cd "$out/sample"
{ python3 -m i18nflow sync --html; echo "rc=$?"; } > ../sample-sync.txt 2>&1
{ python3 -m i18nflow check --no-cache --format json; echo "rc=$?"; } > ../sample-check.json 2>&1
python3 -m i18nflow status > ../sample-status.txt 2>&1
python3 "$repo/bench/generate.py" "$out/gen" "$posts" > /dev/null
cd "$out/gen"
sed -i 's/^default = .*/default = "pseudo"/' i18nflow.toml
{ python3 -m i18nflow sync --html; echo "rc=$?"; } > ../gen-sync.txt 2>&1
{ python3 -m i18nflow check --no-cache --format json; echo "rc=$?"; } > ../gen-check.json 2>&1
rm -rf "$out/sample/.i18nflow" "$out/gen/.i18nflow"
