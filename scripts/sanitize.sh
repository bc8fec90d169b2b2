#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer or ThreadSanitizer, each in a
# build folder of its own, so the ordinary build stays as it is. The tests
# that bound time allow CHARTER_TIME_SCALE times as long (8 unless set): the
# sanitizers make everything several times slower.
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

export CHARTER_TIME_SCALE=${CHARTER_TIME_SCALE:-8}
# LeakSanitizer takes the Swift runtime's one-time caches and lazily made
# globals for leaks (as in scripts/fuzz.sh), so it is off; AddressSanitizer's
# other checks stay on. A data race fails the run at once.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1}
exec swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" "$@"
