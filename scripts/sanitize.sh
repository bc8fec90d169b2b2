#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer or ThreadSanitizer, each in a
# build folder of its own, so the ordinary build stays as it is. The tests
# learn from CHARTER_SANITIZER that everything is several times slower, and
# every stack frame larger, than they would otherwise allow.
#
#   scripts/sanitize.sh address|thread [swift test options]
set -euo pipefail
cd "$(dirname "$0")/.."

case ${1:-} in
    address | thread) ;;
    *)
        echo "usage: scripts/sanitize.sh address|thread [swift test options]" >&2
        exit 64
        ;;
esac
sanitizer=$1
shift

export CHARTER_SANITIZER=$sanitizer
# LeakSanitizer takes the Swift runtime's one-time caches and lazily made
# globals for leaks (as in scripts/fuzz.sh), so it is off; AddressSanitizer's
# other checks stay on. A data race fails the run at once.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1}
exec swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" "$@"
