#!/usr/bin/env bash
# The speed the check-catalog issue asks for, measured on this machine with a
# release build (process start included, so these are upper bounds):
#   Banzhaf for 1,000 members with weights 1–100              under 1 s
#   Shapley–Shubik for 200 members with weights 1–100          under 1 s
#   the whole catalog on a 10,000-member alliance              under 1 s
# Inputs are generated with a fixed seed, so every run measures the same games.
# Usage: bash benchmarks/power-and-catalog.sh   (from the repository root)
set -euo pipefail

swift build -c release --product charter >/dev/null
charter=.build/release/charter
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import random, sys
work = sys.argv[1]

def body_game(path, members, seed):
    rng = random.Random(seed)
    lines = ['value care "We care"']
    lines += [f'member m{i} {{ kind ngo motivation values_driven weight {rng.randint(1, 100)} holds care }}'
              for i in range(members)]
    lines.append('body assembly { members all by weighted majority 2/3 decides statutes }')
    open(path, 'w').write('\n'.join(lines) + '\n')

def alliance(path, members, seed, rule):
    rng = random.Random(seed)
    lines = ['alliance big "Big" { mission "m" stage developing balance social >= 50% }',
             'value care "We care"', 'principle caring upholds care']
    lines += [f'member m{i} {{ kind ngo motivation {rng.choice(["values_driven", "business", "mixed"])} '
              f'weight {rng.randint(1, 100)} holds care joined forming }}' for i in range(members)]
    lines += [f'body assembly {{ members all by {rule} decides statutes, admission }}',
              'body board { members m1, m2, m3, m4, m5 by consensus decides budget }',
              'rule admit about admission { assembly may admit newcomers }',
              'channel news reaches all monthly', 'goal g social serves care { target "t" }']
    open(path, 'w').write('\n'.join(lines) + '\n')

body_game(f'{work}/banzhaf-1000.charter', 1000, 1)
body_game(f'{work}/shapley-200.charter', 200, 2)
alliance(f'{work}/catalog-10000-heads.charter', 10000, 3, 'majority')
alliance(f'{work}/catalog-10000-weighted.charter', 10000, 4, 'weighted majority 2/3')
PY

measure() {
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null || true   # findings exit 1; the time is what is measured
    end=$(date +%s.%N)
    printf '%-48s %6.2f s\n' "$label" "$(echo "$end - $start" | bc)"
}

measure "power, 1,000 members (Banzhaf; Shapley refused)" "$charter" power "$work/banzhaf-1000.charter"
measure "power, 200 members (Banzhaf and Shapley–Shubik)" "$charter" power "$work/shapley-200.charter"
measure "check, 10,000 members, majority by head" "$charter" check "$work/catalog-10000-heads.charter"
measure "check, 10,000 members, weighted majority" "$charter" check "$work/catalog-10000-weighted.charter"
measure "check examples/banking.charter" "$charter" check examples/banking.charter
