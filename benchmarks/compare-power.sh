#!/usr/bin/env bash
# Compares `charter power` with the Python package powerindex (PyPI) on the same
# weighted games: the EEC Council of 1958, the EU Council of 27 under the Nice
# treaty, and seeded random games of 50, 100, 200 and 500 members (weights
# 1–100, quota two thirds of the weight, rounded up). For each game it checks
# that both give the same Banzhaf and Shapley–Shubik indices (to 1e-9 per
# member) and prints how much faster charter is, timed inside each process
# around the computation and, separately, as whole processes. It ends with the
# start-up cost of `charter check` beside that of `python3 -c pass`, the floor
# for any linter run once per file.
#
# The output is markdown, ready for benchmarks/RESULTS.md; progress goes to
# standard error. Exits 1 when the two disagree or charter fails on a game.
#
# Usage, from the repository root:
#   bash benchmarks/compare-power.sh > results.md
#   CHARTER=/path/to/charter bash benchmarks/compare-power.sh   # no build
#
# Needs python3 with venv and network access to PyPI; powerindex is installed
# in a throwaway virtual environment that is removed afterwards.
set -euo pipefail

# `charter` and `built`, from $CHARTER or a release build of this checkout.
source "$(dirname "${BASH_SOURCE[0]}")/charter-binary.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The interpreter itself, not a version manager's shim in front of it: a shim
# (pyenv's is a shell script) would add its own start-up to `python3 -c pass`.
base_python=$(python3 -c 'import sys; print(sys.executable)')

echo "installing powerindex in a throwaway virtual environment…" >&2
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check powerindex >&2

cat > "$work/compare.py" <<'PY'
"""The measuring half of benchmarks/compare-power.sh.

Run as `compare.py compare …` it drives everything. It also runs itself, under
the virtual environment's Python, as the process that computes powerindex's
indices (`once`: one index, timed around the call; `whole`: the indices of one
game, for timing as a whole process), so that each powerindex call can be
given a timeout and a memory cap and a failure cannot take the driver down.
"""
import json
import sys
import time


def powerindex_indices(game_path, index, repeat):
    """One index of one game by powerindex, and the seconds the call took.
    With `repeat`, timed as charter's `--timings` is: a call that takes under
    half a second is made again, warm, until a second has passed (1,000 times
    at most), and the median of those calls is the time."""
    import statistics
    import powerindex
    with open(game_path) as file:
        game = json.load(file)
    # powerindex counts a coalition as winning when its weight is at least the
    # quota, as charter's `weighted majority quota N` does. It divides the
    # weights and quota by their greatest common divisor itself.
    model = powerindex.Game(game["quota"], game["weights"])

    def call():
        start = time.perf_counter()
        if index == "banzhaf":
            model.calc_banzhaf()
        else:
            model.calc_shapley_shubik()
        return time.perf_counter() - start

    seconds = call()
    if repeat and seconds < 0.5:
        times = []
        while not times or (sum(times) < 1.0 and len(times) < 1000):
            times.append(call())
        seconds = statistics.median(times)
    return (model.banzhaf if index == "banzhaf" else model.shapley_shubik), seconds


def once(game_path, index):
    result, seconds = powerindex_indices(game_path, index, repeat=True)
    json.dump({"seconds": seconds, "indices": result}, sys.stdout)


def whole(game_path, indices):
    json.dump({index: powerindex_indices(game_path, index, repeat=False)[0] for index in indices.split(",")}, sys.stdout)


# ------------------------------------------------------------------ driver

INDICES = ("banzhaf", "shapley")
INDEX_NAMES = {"banzhaf": "Banzhaf", "shapley": "Shapley–Shubik"}
TOLERANCE = 1e-9
# powerindex's Shapley–Shubik keeps a table of members × members × quota whole
# numbers: about 3 GB at 200 members, far more at 500. The cap makes such a run
# fail with MemoryError instead of exhausting the machine; the timeout bounds
# the rest.
POWERINDEX_TIMEOUT = 120.0
MEMORY_CAP = 8 * 2**30
# A measurement is repeated, and its median taken, only when one run is short:
# slow runs vary little and repeating them would make the script take long.
REPEATS = 5
SLOW = 2.0
STARTUP_RUNS = 21

EEC_1958 = ([("france", 4), ("germany", 4), ("italy", 4), ("belgium", 2), ("netherlands", 2),
             ("luxembourg", 1)], 12)
# The weighted vote alone; the treaty also asked for a majority of the states
# and 62% of the population, which neither tool models here.
EU_NICE_27 = ([("germany", 29), ("france", 29), ("italy", 29), ("united_kingdom", 29), ("spain", 27),
               ("poland", 27), ("romania", 14), ("netherlands", 13), ("belgium", 12), ("czechia", 12),
               ("greece", 12), ("hungary", 12), ("portugal", 12), ("austria", 10), ("bulgaria", 10),
               ("sweden", 10), ("denmark", 7), ("ireland", 7), ("lithuania", 7), ("slovakia", 7),
               ("finland", 7), ("cyprus", 4), ("estonia", 4), ("latvia", 4), ("luxembourg", 4),
               ("slovenia", 4), ("malta", 3)], 255)
RANDOM_SIZES = (50, 100, 200, 500)


class Failure(Exception):
    """A tool did not produce a result; the message says why."""


def progress(message):
    print(message, file=sys.stderr, flush=True)


def games(work):
    """Writes each game as a .charter file for charter and a .json file for
    powerindex, from the same weights and quota."""
    import math
    import os
    import random
    specs = [("EEC Council 1958", *EEC_1958), ("EU Council, Nice, 27", *EU_NICE_27)]
    for size in RANDOM_SIZES:
        # The size is the seed, so every run measures the same games.
        rng = random.Random(size)
        weights = [rng.randint(1, 100) for _ in range(size)]
        quota = math.ceil(2 * sum(weights) / 3)
        specs.append((f"random {size} (seed {size})", [(f"m{i}", w) for i, w in enumerate(weights)], quota))
    result = []
    for number, (label, members, quota) in enumerate(specs):
        stem = os.path.join(work, f"game{number}")
        lines = [f"member {name} {{ kind government weight {weight} }}" for name, weight in members]
        lines.append(f"body council {{ members all by weighted majority quota {quota} decides matters }}")
        with open(stem + ".charter", "w") as file:
            file.write("\n".join(lines) + "\n")
        with open(stem + ".json", "w") as file:
            json.dump({"quota": quota, "weights": [weight for _, weight in members]}, file)
        result.append({"label": label, "size": len(members), "quota": quota,
                       "weights": [weight for _, weight in members],
                       "charter": stem + ".charter", "json": stem + ".json"})
    return result


def cap_memory():
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(command, timeout=None, limit_memory=False):
    """Runs a command to completion; its result and the wall-clock seconds it took."""
    import subprocess
    start = time.perf_counter()
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                   preexec_fn=cap_memory if limit_memory else None)
    except subprocess.TimeoutExpired:
        raise Failure(f"timed out after {timeout:g} s")
    return completed, time.perf_counter() - start


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no message"


def repeated(measure):
    """The median of a measurement's seconds, with the payload of its first run.
    `measure` returns (seconds, payload) or raises Failure."""
    import statistics
    seconds, payload = measure()
    times = [seconds]
    if seconds <= SLOW:
        times += [measure()[0] for _ in range(REPEATS - 1)]
    return statistics.median(times), payload


def charter_power(charter, config, game, timings):
    command = [charter, "power", game["charter"], "--config", config, "--format", "json"]
    completed, wall = run(command + (["--timings"] if timings else []))
    if completed.returncode != 0:
        raise Failure(f"exit {completed.returncode}: {last_line(completed.stderr)}")
    return completed, wall


def charter_in_process(charter, config, game):
    """charter's own time for the indices (both at once), and what it computed."""
    import re

    def measure():
        completed, _ = charter_power(charter, config, game, timings=True)
        found = re.search(r"power computed in ([0-9.]+) s", completed.stderr)
        if not found:
            raise Failure("no `power computed in` line on standard error")
        return float(found.group(1)), completed.stdout

    seconds, stdout = repeated(measure)
    body = json.loads(stdout)["bodies"][0]
    members = body["members"]
    if [member["weight"] for member in members] != game["weights"]:
        raise Failure("charter's members are not the game's, in order")
    indices, refusals = {}, {}
    for index in INDICES:
        values = [member.get(index) for member in members]
        if any(value is None for value in values):
            refusals[index] = body.get(index + "Unavailable", "not computed")
        else:
            indices[index] = values
    precision = {index: body.get(index + "Precision") for index in indices}
    return {"seconds": seconds, "indices": indices, "refusals": refusals, "precision": precision}


def powerindex_in_process(game, index):
    def measure():
        completed, _ = run([sys.executable, __file__, "once", game["json"], index],
                           timeout=POWERINDEX_TIMEOUT, limit_memory=True)
        if completed.returncode != 0:
            raise Failure(f"fails: {last_line(completed.stderr)}")
        result = json.loads(completed.stdout)
        return result["seconds"], result["indices"]

    try:
        seconds, indices = repeated(measure)
        return {"seconds": seconds, "indices": indices}
    except Failure as failure:
        return {"failure": str(failure)}


def charter_limited(charter, game, wanted):
    """charter's measurement with a configuration under which it computes only
    the `wanted` indices, and that configuration; None when no such limit is
    found. charter has no option to pick an index, but its `[power] work-limit`
    setting refuses any index whose work is over the limit, and a refusal says
    how much work the index would have taken."""
    import re
    stem = game["charter"].removesuffix(".charter")
    probe = stem + ".probe.toml"
    with open(probe, "w") as file:
        file.write("[power]\nwork-limit = 1\n")
    try:
        completed, _ = charter_power(charter, probe, game, timings=False)
    except Failure:
        return None
    body = json.loads(completed.stdout)["bodies"][0]
    work_of = {}
    for index in INDICES:
        found = re.search(r"about ([0-9][0-9.,]*(?:e[+-]?[0-9]+)?) table cells", body.get(index + "Unavailable", ""))
        if not found:
            return None
        work_of[index] = float(found.group(1).replace(",", ""))
    most_wanted = max(work_of[index] for index in wanted)
    least_unwanted = min((work_of[index] for index in INDICES if index not in wanted), default=None)
    # The figures in the refusals are estimates, written in short beyond 1e12,
    # so the limit goes well between the two, and only where they are far apart.
    if least_unwanted is None or least_unwanted < 4 * most_wanted:
        return None
    limited = stem + ".limited.toml"
    with open(limited, "w") as file:
        file.write(f"[power]\nwork-limit = {int((most_wanted * least_unwanted) ** 0.5)}\n")
    try:
        measured = charter_in_process(charter, limited, game)
    except Failure:
        return None
    if sorted(measured["indices"]) != sorted(wanted):
        return None
    return measured, limited


def whole_processes(charter, config, game, common):
    """Wall-clock seconds of charter, and of a Python process computing with
    powerindex the indices both tools computed."""
    charter_seconds, _ = repeated(lambda: (charter_power(charter, config, game, timings=False)[1], None))

    def python():
        completed, wall = run([sys.executable, __file__, "whole", game["json"], ",".join(common)],
                              timeout=POWERINDEX_TIMEOUT, limit_memory=True)
        if completed.returncode != 0:
            raise Failure(f"fails: {last_line(completed.stderr)}")
        return wall, None

    python_seconds, _ = repeated(python)
    return charter_seconds, python_seconds


def startup(charter, base_python, repository):
    """Median and fastest seconds of each start-up command, run alternately so
    that any drift in the machine's speed touches both alike."""
    import os
    import statistics
    banking = os.path.join(repository, "examples", "banking.charter")
    commands = {"charter check examples/banking.charter": [charter, "check", banking],
                "python3 -c pass": [base_python, "-c", "pass"]}
    times = {label: [] for label in commands}
    for attempt in range(STARTUP_RUNS + 1):
        for label, command in commands.items():
            completed, wall = run(command)
            # `charter check` exits 1 when it has findings, which is what it is for.
            if completed.returncode not in (0, 1):
                raise Failure(f"{label}: exit {completed.returncode}: {last_line(completed.stderr)}")
            if attempt > 0:  # the first round only warms the file cache
                times[label].append(wall)
    return {label: (statistics.median(values), min(values)) for label, values in times.items()}


def figure(value):
    """A positive number to three significant figures, without an exponent."""
    import math
    if value >= 100:
        return f"{value:.0f}"
    if value <= 0:
        return "0"
    return f"{value:.{max(0, 2 - math.floor(math.log10(value)))}f}"


def table(headers, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(headers))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
    print()


def header(charter, built, repository, base_python):
    import datetime
    import importlib.metadata
    import platform
    import subprocess

    def output(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, cwd=repository).stdout.strip()
        except OSError:
            return ""

    model = "unknown"
    try:
        with open("/proc/cpuinfo") as file:
            for entry in file:
                if entry.lower().startswith("model name"):
                    model = entry.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    revision = output(["git", "rev-parse", "--short=12", "HEAD"]) or "unknown"
    if output(["git", "status", "--porcelain", "--untracked-files=no"]):
        revision += " with uncommitted changes"
    origin = "built by this script" if built == "yes" else "given by CHARTER, not built by this script"
    print("# charter power beside powerindex\n")
    print(f"- date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"- machine: {platform.machine()}, {output(['nproc']) or '?'} processors, {model}")
    print(f"- charter: revision {revision}; binary {charter} ({origin})")
    print(f"- powerindex {importlib.metadata.version('powerindex')} on Python {platform.python_version()};"
          f" `python3` below is {base_python}")
    print(f"- each powerindex run: at most {POWERINDEX_TIMEOUT:g} s and {MEMORY_CAP // 2**30} GiB")
    print(f"- each time: the median of {REPEATS} runs when one run takes {SLOW:g} s or less, else one run\n")


def compare(work, charter, built, repository, base_python):
    import os
    config = os.path.join(work, "charter.toml")
    # An empty configuration: charter's defaults, whatever charter.toml lies
    # above the temporary directory.
    open(config, "w").close()
    header(charter, built, repository, base_python)

    rows, whole_rows, agreement_rows, notes = [], [], [], []
    failed = False
    for game in games(work):
        label, size = game["label"], game["size"]
        progress(f"{label}: charter…")
        try:
            ours = charter_in_process(charter, config, game)
        except Failure as failure:
            notes.append(f"**charter failed on {label}: {failure}**")
            failed = True
            continue
        theirs = {}
        for index in INDICES:
            progress(f"{label}: powerindex {INDEX_NAMES[index]}…")
            theirs[index] = powerindex_in_process(game, index)

        def cell(index):
            if "failure" in theirs[index]:
                return theirs[index]["failure"]
            return figure(theirs[index]["seconds"])

        # charter times both indices together, so powerindex's side of the
        # ratio is the sum of its calls for the indices charter computed too.
        # Where charter also computed one that powerindex could not, charter is
        # timed again limited to the indices both computed, so that the ratio
        # compares like with like; failing that, the ratio is only a lower bound.
        computed = [index for index in INDICES if index in ours["indices"]]
        common = [index for index in computed if "seconds" in theirs[index]]
        extra = [INDEX_NAMES[index] for index in computed if index not in common]
        timed, timed_config, bound, note = ours, config, "", ""
        if common and extra:
            progress(f"{label}: charter limited to what powerindex computed…")
            matched = charter_limited(charter, game, common)
            if matched:
                timed, timed_config = matched
                note = (f"charter timed with a work limit that leaves out {' and '.join(extra)};"
                        f" with it, {figure(ours['seconds'])} s")
            else:
                bound = "≥ "
                note = f"charter's time includes {' and '.join(extra)}, which powerindex did not compute"
        for index in INDICES:
            if index in ours["refusals"]:
                note = "; ".join(filter(None, [note, f"charter refused {INDEX_NAMES[index]}"]))
                notes.append(f"{label}: charter refused {INDEX_NAMES[index]}: {ours['refusals'][index]}")
        ratio = "—"
        if common and timed["seconds"] > 0:
            ratio = bound + figure(sum(theirs[index]["seconds"] for index in common) / timed["seconds"]) + "×"
        timed_indices = [index for index in INDICES if index in timed["indices"]]
        charter_cell = figure(timed["seconds"]) + " (" + " + ".join(INDEX_NAMES[i] for i in timed_indices) + ")"
        rows.append([label, size, cell("banzhaf"), cell("shapley"), charter_cell, ratio, note])

        agreement = []
        for index in INDICES:
            if index not in ours["indices"]:
                agreement.append("charter refused")
            elif "failure" in theirs[index]:
                agreement.append("powerindex failed")
            else:
                difference = max(abs(a - b) for a, b in zip(ours["indices"][index], theirs[index]["indices"]))
                verdict = "agree" if difference <= TOLERANCE else "DISAGREE"
                failed = failed or difference > TOLERANCE
                shown = f"{difference:.1e}" if difference else "0"
                agreement.append(f"{shown} {verdict} (charter {ours['precision'][index]})")
        agreement_rows.append([label, size, *agreement])

        if common:
            progress(f"{label}: whole processes…")
            try:
                charter_seconds, python_seconds = whole_processes(charter, timed_config, game, common)
                whole_rows.append([label, size, " + ".join(INDEX_NAMES[i] for i in common), figure(python_seconds),
                                   " + ".join(INDEX_NAMES[i] for i in timed_indices), figure(charter_seconds),
                                   bound + figure(python_seconds / charter_seconds) + "×"])
            except Failure as failure:
                whole_rows.append([label, size, "—", str(failure), "—", "—", "—"])

    print("## Computing the indices, timed inside each process\n")
    print("Seconds around the computation alone: powerindex's `calc_banzhaf()` and `calc_shapley_shubik()`"
          " separately; charter's `power computed in` (both indices in one pass, `--timings`). Both are timed"
          " alike: a computation under half a second is repeated, warm, in one process for a second, and the"
          " median taken. The speed-up is"
          " powerindex's time for the indices charter computed, divided by charter's. Where charter"
          " computed an index that powerindex could not, charter is timed again with a `[power] work-limit`"
          " that leaves that index out; the note gives its time with the index.\n")
    table(["game", "members", "powerindex Banzhaf s", "powerindex Shapley–Shubik s",
           "charter s (indices)", "speed-up", "note"], rows)
    for note in notes:
        print(f"- {note}")
    if notes:
        print()

    print("## Whole processes\n")
    print("Wall-clock seconds from start to exit: `charter power FILE --format json`, and a Python process"
          " that imports powerindex, reads the game and prints the indices both tools computed (charter"
          " with the work limit above, where there is one).\n")
    table(["game", "members", "Python computes", "Python s", "charter computes", "charter s", "speed-up"],
          whole_rows)

    print(f"## Agreement\n\nThe largest difference between the two tools for any member; agreeing means"
          f" at most {TOLERANCE:g}.\n")
    table(["game", "members", "Banzhaf", "Shapley–Shubik"], agreement_rows)

    progress("start-up…")
    print(f"## Start-up\n\nThe cost of one invocation, median and fastest of {STARTUP_RUNS} runs each,"
          " run alternately.\n")
    try:
        startups = startup(charter, base_python, repository)
        floor = startups["python3 -c pass"][0]
        table(["command", "median ms", "fastest ms", "÷ python3 -c pass"],
              [[f"`{label}`", figure(median * 1000), figure(fastest * 1000), figure(median / floor) + "×"]
               for label, (median, fastest) in startups.items()])
    except Failure as failure:
        print(f"**start-up not measured: {failure}**\n")
        failed = True

    if failed:
        print("**Some results disagree or charter failed; see above.**")
    return 1 if failed else 0


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "once":
        once(sys.argv[2], sys.argv[3])
    elif mode == "whole":
        whole(sys.argv[2], sys.argv[3])
    else:
        sys.exit(compare(*sys.argv[2:]))
PY

"$work/venv/bin/python" "$work/compare.py" compare "$work" "$charter" "$built" "$PWD" "$base_python"
