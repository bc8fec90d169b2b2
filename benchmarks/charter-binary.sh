# Sourced by the scripts in benchmarks/: sets `charter` to the absolute path
# of the charter binary to measure — $CHARTER when it is given (a path, or a
# name on PATH), else a release build of this checkout, built now (its output
# on standard error, so that standard output stays the script's) — and
# `built` to yes or no. Exits 2 when there is no such binary.
if [[ -n "${CHARTER:-}" ]]; then
    charter=$CHARTER
    built=no
else
    swift build -c release --product charter >&2
    charter=.build/release/charter
    built=yes
fi
# Made absolute, as the scripts run it from elsewhere.
if ! resolved=$(command -v -- "$charter") || [[ ! -x $resolved ]]; then
    echo "error: no charter binary at $charter" >&2
    exit 2
fi
charter=$(cd "$(dirname "$resolved")" && pwd)/$(basename "$resolved")
