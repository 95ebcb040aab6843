"""``nox -s bench`` runs end to end on a tiny tree, so that it does not rot between runs.

Its timings are not checked here (timed tests on shared machines only measure the
neighbours); what is checked is that every measure is reported and that the counts
that do not depend on the machine come out right.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
            *("--pages", "4", "--urls", "40", "--rounds", "2", "--self-check", "1"),
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
        "self-check: plain against a copy of itself, 1 rounds",
        "peak memory, MiB",
        "garbage collector",
        "incremental: pages re-read after editing one",
        "-j 2 vs -j 1",
    ):
        assert any(name.startswith(expected) for name in rows), f"{expected!r} not in {measures}"
    # Two rounds, each with a CPU time per side and a ratio.
    assert run.stdout.count("  round ") == 2
    reread = rows["incremental: pages re-read after editing one"]
    assert reread[1] == "1", reread
