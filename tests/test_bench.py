"""``nox -s bench`` runs end to end on a tiny tree, so that it does not rot between runs.

Its timings are not checked here (timed tests on shared machines only measure the
neighbours); what is checked is that every measure is reported and that the counts
that do not depend on the machine come out right.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from treegen import generate

BENCH = Path(__file__).parents[1] / "benchmarks" / "bench.py"


def _rows(stdout: str) -> dict[str, list[str]]:
    """The report's table, by the first cell of each row."""
    rows = {}
    for line in stdout.splitlines():
        if line.startswith("| ") and not line.startswith(("| measure", "| ---")):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            rows[cells[0]] = cells[1:]
    return rows


def test_bench_reports_every_measure_on_a_tiny_tree() -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            *("--pages", "4", "--urls", "40", "--rounds", "2", "--cited-rounds", "1"),
            *("--self-check", "1"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = _rows(run.stdout)
    measures = " / ".join(rows)
    for expected in (
        "full build, CPU s",
        "the same pages citing 2 entries each in their text, 1 rounds",
        "self-check: plain against a copy of itself, 1 rounds",
        "peak memory, MiB",
        "garbage collector",
        "incremental: pages re-read after editing one",
        "-j 2 vs -j 1",
    ):
        assert any(name.startswith(expected) for name in rows), f"{expected!r} not in {measures}"
    # Two rounds, each with a CPU time per side and a ratio.
    assert run.stdout.count("  round ") == 2
    assert run.stdout.count("  cited ") == 1
    reread = rows["incremental: pages re-read after editing one"]
    assert reread[1] == "1", reread


def test_the_compared_trees_differ_only_in_what_is_measured(tmp_path: Path) -> None:
    """The issue's tree and its baseline differ only in the directive and the appendix
    page; the cited trees add the same two marks per page, as the role or as text."""

    def pages(name: str, *, extension: bool, cites: int) -> dict[str, str]:
        root = generate(
            tmp_path / name, pages=5, urls=50, extension=extension, keys=True, cites=cites
        )
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(root.glob("page*.md"))}

    plain = pages("plain", extension=False, cites=0)
    extension = pages("extension", extension=True, cites=0)
    plain_cited = pages("plain-cited", extension=False, cites=2)
    extension_cited = pages("extension-cited", extension=True, cites=2)
    fences = re.compile(r"^```\{related-reading\}\n|^```\n", re.MULTILINE)
    for name, text in plain.items():
        assert "{related}" not in extension[name]
        assert not re.search(r"\[s\d{4}\]", text)  # no citation mark in the text
        assert fences.sub("", extension[name]) == text
        marks = re.findall(r" \[s\d{4}\]$", plain_cited[name], re.MULTILINE)
        roles = re.findall(r" \{related\}`s\d{4}`$", extension_cited[name], re.MULTILINE)
        assert len(marks) == len(roles) == 2
        assert re.sub(r" \[s\d{4}\]$", "", plain_cited[name], flags=re.MULTILINE) == text
