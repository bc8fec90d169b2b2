#!/usr/bin/env bash
# Lints a repository's Charter files in any CI system: the layout, the
# findings (as JUnit XML in charter-report.xml, for systems that show test
# reports), and the drift of each changed file against a base revision.
#
#   examples/ci/lint.sh [DIRECTORY] [BASE-REVISION]     # defaults: . and origin/main
#
# Set CHARTER to the charter executable if it is not on the PATH. Exits 0
# when everything is clean, 1 when there are findings or drift at the failing
# severity, 2 when charter could not do its job.
set -uo pipefail

directory="${1:-.}"
base="${2:-origin/main}"
charter="${CHARTER:-charter}"
status=0

note() { if [ "$1" -gt "$status" ]; then status="$1"; fi; }

"$charter" fmt --check "$directory"; note $?
"$charter" check --format junit "$directory" > charter-report.xml; note $?
"$charter" check "$directory"; note $?

if ! git rev-parse --verify --quiet "$base^{commit}" > /dev/null; then
  echo "error: no revision $base to report the drift against" >&2
  note 2
  exit "$status"
fi
# The drift of what this branch changed: against where it left the base.
since="$(git merge-base "$base" HEAD)"
while IFS= read -r -d '' file; do
  case "$file" in *.charter) ;; *) continue ;; esac
  [ -f "$file" ] || continue
  git cat-file -e "$since:./$file" 2> /dev/null || continue
  # charter names the two versions itself, escaped: a file name is never echoed raw into the log.
  "$charter" diff --color never --old-rev "$since" -- "$file"; note $?
done < <(git -c core.quotePath=false diff -z --name-only --relative "$since" -- "$directory")
exit "$status"
