#!/usr/bin/env bash
# Builds one of Charter's libFuzzer targets with AddressSanitizer and runs it
# for SECONDS, from a seed corpus of the examples and test fixtures, with the
# language's words as a dictionary. Inputs that crash are written to
# .build-fuzz/crashes/TARGET/; a crash fails the script, and becomes a test
# once copied to Tests/CharterTests/Fixtures/fuzz/TARGET/.
#
#   scripts/fuzz.sh lexer|parser|resolver|check|formatter|interpreter|repl|outputs|lsp SECONDS [libFuzzer options]
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    echo "usage: scripts/fuzz.sh lexer|parser|resolver|check|formatter|interpreter|repl|outputs|lsp SECONDS [libFuzzer options]" >&2
    exit 64
}
[[ $# -ge 2 ]] || usage
case $1 in
    lexer | parser | resolver | check | formatter | interpreter | repl | outputs | lsp) ;;
    *) usage ;;
esac
target=$1
seconds=$2
# At least a second: libFuzzer takes 0 for "run for ever".
[[ $seconds =~ ^[1-9][0-9]*$ ]] || usage
shift 2

# The driver exists only when CHARTER_FUZZ is set (see Package.swift), and
# builds apart from the ordinary build, everything instrumented. One build
# serves every target.
CHARTER_FUZZ=1 swift build --scratch-path .build-fuzz --product CharterFuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
    | { grep -v "Cannot export local symbol" || true; } >&2

corpus=.build-fuzz/corpus/$target
crashes=.build-fuzz/crashes/$target/
mkdir -p "$corpus" "$crashes"
# The seeds: every Charter file the project has, for the REPL its recorded
# sessions too, and every input a fuzzer has found before (each now a
# regression test). libFuzzer adds what it finds to the same folder.
while IFS= read -r -d '' seed; do
    cp "$seed" "$corpus/seed-$(basename "$(dirname "$seed")")-$(basename "$seed")"
done < <(find examples Tests/CharterTests/Fixtures \( -name '*.charter' -o -name '*.session' -o -path '*/fuzz/*' \) -type f -print0)

# LeakSanitizer takes the Swift runtime's one-time caches and lazily made
# globals (the table of built-in functions, say) for leaks, so it is off;
# AddressSanitizer's other checks stay on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
exec .build-fuzz/debug/CharterFuzz "$target" "$corpus" -dict=Fuzz/charter.dict -max_total_time="$seconds" \
    -max_len=8192 -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$crashes" -print_final_stats=1 "$@"
