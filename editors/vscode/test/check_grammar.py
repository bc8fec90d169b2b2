#!/usr/bin/env python3
"""Tokenization test of the Charter TextMate grammar.

    python3 check_grammar.py --grammar ../syntaxes/charter.tmLanguage.json \
        --fixture fixture.charter --examples ../../../examples

Needs the PyPI package textmate-grammar-python (module `textmate_grammar`), a
Python port of vscode-textmate's tokenizer:

    python3 -m venv /tmp/tmvenv && /tmp/tmvenv/bin/pip install 'textmate-grammar-python==0.6.1'

It checks three things:

1. Every example (`--examples`, searched recursively for *.charter) and the
   fixture tokenize without raising, and every character that is not white
   space gets a scope more specific than `source.charter` (a `meta.*` scope
   alone does not count).
2. No example outside a `broken` folder gets an `invalid.*` scope: the grammar
   marks what the lexer would reject as invalid (so 1. holds even for broken
   files), and a valid file must not look broken.
3. The fixture's assertions hold. The fixture is written in the style of
   vscode-tmgrammar-test: after a source line come comment lines such as

       #   ^^^^^ keyword.declaration.charter
       # <- punctuation.section.block.end.charter
       #     ^^^ string.quoted.double.charter - keyword.other.charter

   where the carets mark columns of the most recent source line (a line that
   is not itself an assertion), `<-` marks column 0 (`<~~-` column 2, `<--`
   two columns), and every scope named must be in each marked character's
   scope stack, every scope after ` - ` must not be. A scope matches an entry
   of the stack equal to it or beginning with it and a dot (`keyword.other`
   matches `keyword.other.charter`), as TextMate selectors do.

Exit status: 0 when everything holds, 1 when something does not (each failure
is listed), 2 when textmate_grammar cannot be imported.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT_SCOPE = "source.charter"
ASSERTION = re.compile(r"^\s*#\s*(?:(?P<carets>\^+)|<(?P<tildes>~*)(?P<dashes>-+))(?P<rest>.*)$")


def import_engine():
    """Imports textmate_grammar, which makes a `.textmate_cache` folder in the
    working directory when imported: it is imported from a temporary one."""
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            from textmate_grammar.parsers.base import LanguageParser
        finally:
            os.chdir(here)
    # Its parser logs every line it cannot match at WARNING; the checks below say what matters.
    logging.getLogger("textmate_grammar").setLevel(logging.CRITICAL)
    return LanguageParser


def scope_stacks(parser, text: str) -> list[list[list[str]]]:
    """The scopes of every character: stacks[line][column] is the list of
    scopes (outermost first, `source.charter` included) of that character."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    stacks = [[[ROOT_SCOPE] for _ in line] for line in lines]
    element = parser.parse_string(text)
    if element is None:
        return stacks
    # flatten() gives runs of one line with the same scopes: ((line, column), text, scopes).
    for (line, column), content, scopes in element.flatten():
        # A name may hold several scopes separated by spaces.
        flat = [part for scope in scopes for part in scope.split()]
        for offset, character in enumerate(content):
            if character != "\n" and line < len(stacks) and column + offset < len(stacks[line]):
                stacks[line][column + offset] = flat
    return stacks


def matches(wanted: str, stack: list[str]) -> bool:
    return any(scope == wanted or scope.startswith(wanted + ".") for scope in stack)


def scoped(stack: list[str]) -> bool:
    """Whether a character has a scope of its own: more than `source.charter` and `meta.*` ones."""
    return any(scope != ROOT_SCOPE and not scope.startswith("meta.") for scope in stack)


def runs(line: str, columns: list[int]) -> list[tuple[int, str]]:
    """Groups columns into runs of adjacent ones, with their text, for messages."""
    result: list[tuple[int, str]] = []
    for column in columns:
        if result and result[-1][0] + len(result[-1][1]) == column:
            result[-1] = (result[-1][0], result[-1][1] + line[column])
        else:
            result.append((column, line[column]))
    return result


def check_coverage(path: Path, text: str, stacks, failures: list[str], allow_invalid: bool) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines):
        bare = [c for c, ch in enumerate(line) if not ch.isspace() and not scoped(stacks[number][c])]
        for column, run in runs(line, bare):
            failures.append(f"{path}:{number + 1}:{column + 1}: no scope for {run!r} "
                            f"(only {' '.join(stacks[number][column])})")
        if allow_invalid:
            continue
        invalid = [c for c, ch in enumerate(line) if not ch.isspace() and matches("invalid", stacks[number][c])]
        for column, run in runs(line, invalid):
            failures.append(f"{path}:{number + 1}:{column + 1}: {run!r} is scoped as invalid "
                            f"({' '.join(stacks[number][column][1:])}) in a file that is not under broken/")


def check_assertions(path: Path, text: str, stacks, failures: list[str]) -> int:
    """Checks the fixture's assertion lines; returns how many were checked."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    source = None  # index of the line the assertions are about
    count = 0
    for number, line in enumerate(lines):
        found = ASSERTION.match(line)
        if not found:
            source = number
            continue
        count += 1
        where = f"{path}:{number + 1}"
        if source is None:
            failures.append(f"{where}: an assertion before any source line")
            continue
        if found["carets"]:
            start = found.start("carets")
            columns = list(range(start, start + len(found["carets"])))
        else:
            start = len(found["tildes"])
            columns = list(range(start, start + len(found["dashes"])))
        wanted, _, unwanted = found["rest"].partition(" - ")
        wanted_scopes, unwanted_scopes = wanted.split(), unwanted.split()
        if found["rest"].strip().startswith("- "):
            wanted_scopes, unwanted_scopes = [], found["rest"].strip()[2:].split()
        if not wanted_scopes and not unwanted_scopes:
            failures.append(f"{where}: an assertion that names no scope")
            continue
        target = lines[source]
        for column in columns:
            if column >= len(target):
                failures.append(f"{where}: column {column + 1} is past the end of line {source + 1}")
                break
            stack = stacks[source][column]
            missing = [s for s in wanted_scopes if not matches(s, stack)]
            present = [s for s in unwanted_scopes if matches(s, stack)]
            if missing or present:
                problem = []
                if missing:
                    problem.append("missing " + ", ".join(missing))
                if present:
                    problem.append("unexpected " + ", ".join(present))
                failures.append(f"{path}:{source + 1}:{column + 1}: {target[column]!r} ({'; '.join(problem)}); "
                                f"its scopes: {' '.join(stack)} [assertion on line {number + 1}]")
                break
    return count


def main() -> int:
    arguments = argparse.ArgumentParser(description="Checks the Charter TextMate grammar.")
    arguments.add_argument("--grammar", required=True, type=Path, help="charter.tmLanguage.json")
    arguments.add_argument("--fixture", required=True, type=Path, help="a fixture with assertion comments")
    arguments.add_argument("--examples", required=True, type=Path, help="a folder of *.charter files (recursive)")
    options = arguments.parse_args()

    try:
        LanguageParser = import_engine()
    except ImportError as error:
        print(f"check_grammar: cannot import textmate_grammar ({error}); "
              "pip install textmate-grammar-python", file=sys.stderr)
        return 2

    started = time.monotonic()
    failures: list[str] = []
    grammar = json.loads(options.grammar.read_text(encoding="utf-8"))
    if grammar.get("scopeName") != ROOT_SCOPE:
        failures.append(f"{options.grammar}: scopeName is {grammar.get('scopeName')!r}, not {ROOT_SCOPE!r}")
    parser = LanguageParser(grammar)

    examples = sorted(options.examples.rglob("*.charter"))
    if not examples:
        failures.append(f"{options.examples}: no *.charter files")
    assertions = 0
    for path in examples + [options.fixture]:
        text = path.read_text(encoding="utf-8-sig")
        try:
            stacks = scope_stacks(parser, text)
        except Exception as error:  # the engine's own errors: report them as a failure of this file
            failures.append(f"{path}: tokenization raised {type(error).__name__}: {error}")
            continue
        is_fixture = path == options.fixture
        broken = "broken" in path.relative_to(options.examples).parts if not is_fixture else True
        check_coverage(path, text, stacks, failures, allow_invalid=broken)
        if is_fixture:
            assertions = check_assertions(path, text, stacks, failures)

    elapsed = time.monotonic() - started
    for failure in failures:
        print(failure, file=sys.stderr)
    summary = (f"{len(examples)} examples and the fixture tokenized, {assertions} fixture assertions checked, "
               f"in {elapsed:.1f} s")
    if failures:
        print(f"check_grammar: {len(failures)} failed ({summary})")
        return 1
    print(f"check_grammar: all passed ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
