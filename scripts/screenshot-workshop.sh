#!/usr/bin/env bash
# Makes the README's picture of a workshop: `charter repl --serve` with a
# file loaded, the page opened in headless Chromium at 1920x1080, one change
# typed into the REPL, and a screenshot of the page once it has followed.
#
#   scripts/screenshot-workshop.sh [FILE] [PNG] [CHANGE]
#   (defaults: examples/banking.charter docs/workshop.png 'amend lindenbank { weight 9 }')
#
# Needs Chromium, chromium-driver and Selenium for Python (README: Developing).
# CHARTER names the charter executable (default: .build/debug/charter),
# PYTHON the Python with Selenium (default: .build/tools-venv/bin/python3).
set -euo pipefail

file="${1:-examples/banking.charter}"
png="${2:-docs/workshop.png}"
change="${3:-amend lindenbank { weight 9 \}}"
charter="${CHARTER:-.build/debug/charter}"
python="${PYTHON:-.build/tools-venv/bin/python3}"
if ! command -v chromedriver > /dev/null || ! "$python" -c "import selenium" 2> /dev/null; then
  echo "error: needs chromium-driver and Selenium: apt-get install chromium chromium-driver;" \
    "python3 -m venv .build/tools-venv && .build/tools-venv/bin/pip install selenium==4.51.0" >&2
  exit 2
fi

work="$(mktemp -d)"
repl=""
cleanup() {
  exec 3>&- 2> /dev/null || true
  [ -n "$repl" ] && wait "$repl" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkfifo "$work/input"
"$charter" repl --serve "$file" < "$work/input" > "$work/output" 2>&1 &
repl=$!
exec 3> "$work/input"
url=""
for _ in $(seq 600); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/[0-9a-f]*/' "$work/output" || true)"
  [ -n "$url" ] && break
  kill -0 "$repl" 2> /dev/null || { cat "$work/output" >&2; exit 2; }
  sleep 0.1
done
[ -n "$url" ] || { echo "error: the REPL did not print its address" >&2; cat "$work/output" >&2; exit 2; }

mkdir -p "$(dirname "$png")"
coproc BROWSER { "$python" scripts/workshop-browser.py "$url" "$(realpath -m "$png")" --one-change; }
read -r line <&"${BROWSER[0]}"
[ "$line" = ready ] || { echo "error: the page did not open: $line" >&2; exit 2; }
printf '%s\n' "$change" >&3
echo go >&"${BROWSER[1]}"
read -r line <&"${BROWSER[0]}"
[ "$line" = changed ] || { echo "error: the page did not follow the change: $line" >&2; exit 2; }
read -r summary <&"${BROWSER[0]}"
echo "wrote $png: $(printf '%s' "$summary" | "$python" -c 'import json,sys; s=json.load(sys.stdin); print("%.0f%% of it painted" % (100*s["painted"]))')"
