#!/usr/bin/env bash
# Renders `charter report` of a Charter file in headless Chromium and saves a
# screenshot, so a developer can look at the page as a reader's browser draws
# it (and the tests can check that it draws at all).
#
#   scripts/screenshot-report.sh examples/banking.charter report.png [WIDTH HEIGHT]
#
# CHARTER names the charter executable (default: .build/debug/charter);
# Chromium's console messages go to standard error.
set -euo pipefail

file="$1"
png="$2"
width="${3:-1000}"
height="${4:-1600}"
charter="${CHARTER:-.build/debug/charter}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "error: no Chromium to render with (apt-get install chromium)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$charter" report "$file" -o "$work/report.html"
# A profile of its own, so the run leaves nothing behind and needs no home.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
  --enable-logging=stderr --v=0 --window-size="$width,$height" \
  --screenshot="$(realpath -m "$png")" "file://$work/report.html"
