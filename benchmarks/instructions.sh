#!/usr/bin/env bash
# Counts the instructions of a handful of small, representative `charter` runs
# with callgrind and compares each with benchmarks/instructions.baseline. A
# count is the same on every run of the same binary (to a few hundredths of a
# percent), however busy the machine, so this is a performance test that a
# noisy machine cannot turn red: CI (.ci/run) fails when a run grows by more
# than 10% over its baseline. A change that makes a run slower on purpose, or
# faster, updates the baseline in the same commit (`--update`), and says why.
#
# Usage, from anywhere in the repository:
#   bash benchmarks/instructions.sh            # compare; exits 1 when a run grew past 10%
#   bash benchmarks/instructions.sh --update   # write the counts as the new baseline
#   CHARTER=/path/to/charter bash benchmarks/instructions.sh   # no build
#
# The runs (whole processes, start-up included):
#   check-example   charter check examples/banking.charter
#   check-1000      charter check of a generated alliance of 1,000 members
#   power-eec       charter power examples/power/eec-1958.charter (6 members)
#   power-50        charter power of a generated assembly of 50 members
#   repl-entries    charter repl on the 1,000 members: a member who changes the
#                   assembly, an amended weight, a value, a query
#   fmt-1000        charter fmt --check of the 1,000 members
#
# Counts depend on the compiler: the baseline records the Swift version it
# was made with, and a count from another version is reported, not judged.
# Exits 0 when every run is within 10% of its baseline, 1 when one grew past
# it, 2 when the runs could not be counted (no valgrind, a run failed), 64 on a
# usage error.
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=benchmarks/instructions.baseline
tolerance=10   # percent

update=no
case "${1:-}" in
    "") ;;
    --update) update=yes ;;
    *) echo "usage: bash benchmarks/instructions.sh [--update]" >&2; exit 64 ;;
esac

if ! command -v valgrind > /dev/null; then
    echo "error: valgrind is not installed (apt-get install -y valgrind)" >&2
    exit 2
fi

# `charter`, from $CHARTER or a release build of this checkout.
source benchmarks/charter-binary.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Nothing from the caller's environment changes what a run does: the same
# hashing seed, no terminal, no colour, no history file.
export SWIFT_DETERMINISTIC_HASHING=1 NO_COLOR=1 HOME=$work XDG_STATE_HOME=$work/state
unset COLUMNS CHARTER_REQUIRE_TOOLS

"$charter" generate --members 1000 --seed 1 > "$work/members-1000.charter"
"$charter" generate --members 50 --bodies 1 --seed 1 > "$work/assembly-50.charter"
cat > "$work/entries.txt" <<'ENTRIES'
member newcomer { kind ngo motivation values_driven weight 12 holds value_1 joined developing contribution 1000 }
amend member_1 { weight 30 }
value openness "We share what we learn"
count(members where weight >= 50)
ENTRIES

# name, then the command; standard input is empty unless the name says otherwise.
runs=(
    "check-example|check examples/banking.charter"
    "check-1000|check $work/members-1000.charter"
    "power-eec|power examples/power/eec-1958.charter"
    "power-50|power $work/assembly-50.charter"
    "repl-entries|repl $work/members-1000.charter"
    "fmt-1000|fmt --check $work/members-1000.charter"
)

# The instructions of one run, from callgrind's summary line.
count() {
    local name=$1 arguments=$2 input=/dev/null log=$work/$1.log
    [[ $name == repl-entries ]] && input=$work/entries.txt
    # Findings exit 1; anything else (2, 64, a crash) means the run did not do its job.
    local status=0
    # shellcheck disable=SC2086 # the arguments are words
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$charter" $arguments < "$input" > "$work/$name.out" 2> "$log" || status=$?
    if (( status > 1 )); then
        echo "error: \`charter $arguments\` exited $status under callgrind:" >&2
        tail -n 20 "$log" >&2
        exit 2
    fi
    local collected
    collected=$(grep -oE 'Collected : [0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    if [[ -z $collected ]]; then
        echo "error: callgrind gave no count for \`charter $arguments\`:" >&2
        tail -n 20 "$log" >&2
        exit 2
    fi
    echo "$collected"
}

swift_version=$(swift --version 2>/dev/null | grep -oE 'Swift version [0-9.]+' | head -n 1 || true)
swift_version=${swift_version:-Swift version unknown}

declare -A counted
for run in "${runs[@]}"; do
    name=${run%%|*}
    echo "counting $name…" >&2
    counted[$name]=$(count "$name" "${run#*|}")
done

if [[ $update == yes ]]; then
    {
        echo "# Instructions per run of benchmarks/instructions.sh (callgrind, release build)."
        echo "# Written by \`bash benchmarks/instructions.sh --update\`; CI fails a run that grows past $tolerance%."
        echo "# $swift_version"
        for run in "${runs[@]}"; do
            name=${run%%|*}
            echo "$name ${counted[$name]}"
        done
    } > "$baseline"
    echo "wrote $baseline" >&2
fi

if [[ ! -f $baseline ]]; then
    echo "error: no $baseline; make one with \`bash benchmarks/instructions.sh --update\`" >&2
    exit 2
fi
baseline_version=$(sed -n 's/^# \(Swift version .*\)$/\1/p' "$baseline")
comparable=yes
if [[ $baseline_version != "$swift_version" ]]; then
    comparable=no
fi

status=0
printf '| run | baseline | now | change |\n|---|---:|---:|---:|\n'
for run in "${runs[@]}"; do
    name=${run%%|*}
    now=${counted[$name]}
    before=$(awk -v name="$name" '$1 == name { print $2 }' "$baseline")
    if [[ -z $before ]]; then
        printf '| %s | (none) | %s | |\n' "$name" "$now"
        echo "error: $baseline has no count for $name; update it with --update" >&2
        status=2
        continue
    fi
    # Per mille, rounded, in whole numbers: bash has no decimals.
    change=$(( (now - before) * 1000 / before ))
    sign=$( (( now >= before )) && echo + || echo -)
    magnitude=${change#-}
    printf '| %s | %s | %s | %s%d.%d%% |\n' "$name" "$before" "$now" "$sign" $((magnitude / 10)) $((magnitude % 10))
    if [[ $comparable == yes ]] && (( now * 100 > before * (100 + tolerance) )); then
        echo "error: $name takes ${sign}$((magnitude / 10)).$((magnitude % 10))% more instructions than $baseline allows (at most +$tolerance%)." >&2
        echo "       If that is the price of a change, update the baseline in the same commit (bash benchmarks/instructions.sh --update) and say why." >&2
        status=1
    fi
done
if [[ $comparable == no ]]; then
    echo "note: the baseline was counted with ${baseline_version:-an unknown compiler}, this binary's compiler is $swift_version: counts are shown, not judged" >&2
fi
exit $status
