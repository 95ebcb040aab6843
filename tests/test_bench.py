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

import pytest
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
            *("--pages", "4", "--urls", "40", "--rounds", "2", "--self-check", "1"),
            *("--big-pages", "6", "--big-folders", "2", "--big-urls", "40", "--big-rounds", "1"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = _rows(run.stdout)
    measures = " / ".join(rows)
    full = "full build, CPU s (median) and CPU ratio round by round: median (lowest-highest), "
    for expected in (
        f"{full}4 pages, 8 links each from 40 URLs, 2 rounds",
        f"{full}6 pages in 2 folders, 8 links each from 40 URLs, citing 2, 1 rounds",
        "self-check: plain against a copy of itself, 1 rounds",
        "peak memory, MiB (median), 4 pages",
        "peak memory, MiB (median), 6 pages in 2 folders",
        "garbage collector: objects visited by full collections (how many), 4 pages",
        "garbage collector: objects visited by full collections (how many), 6 pages in 2",
        "incremental: pages re-read after editing one",
        "-j 2 vs -j 1",
    ):
        assert any(name.startswith(expected) for name in rows), f"{expected!r} not in {measures}"
    assert rows[f"{full}4 pages, 8 links each from 40 URLs, 2 rounds"][3] == "<= 1.10"
    assert rows[f"{full}6 pages in 2 folders, 8 links each from 40 URLs, citing 2, 1 rounds"][
        3
    ] == ("<= 1.15")
    # Each round, a CPU time per side and a ratio.
    assert run.stdout.count("  300 ") == 2
    assert run.stdout.count("  2000 ") == 1
    reread = rows["incremental: pages re-read after editing one"]
    assert reread[1] == "1", reread


@pytest.mark.parametrize("folders", [0, 2])
def test_the_compared_trees_differ_only_in_what_is_measured(tmp_path: Path, folders: int) -> None:
    """A tree and its baseline differ only in the directive and the appendix page; the
    cited trees add the same two marks per page, as the role or as text."""

    def pages(name: str, *, extension: bool, cites: int) -> dict[str, str]:
        root = generate(
            tmp_path / name,
            pages=5,
            urls=50,
            extension=extension,
            keys=True,
            cites=cites,
            folders=folders,
        )
        found = sorted(root.rglob("page*.md"))
        assert len(found) == 5
        return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in found}

    plain = pages("plain", extension=False, cites=0)
    extension = pages("extension", extension=True, cites=0)
    plain_cited = pages("plain-cited", extension=False, cites=2)
    extension_cited = pages("extension-cited", extension=True, cites=2)
    assert plain.keys() == extension.keys() == plain_cited.keys()
    fences = re.compile(r"^```\{related-reading\}\n|^```\n", re.MULTILINE)
    for name, text in plain.items():
        assert "{related}" not in extension[name]
        assert not re.search(r"\[s\d{4}\]", text)  # no citation mark in the text
        assert fences.sub("", extension[name]) == text
        marks = re.findall(r" \[s\d{4}\]$", plain_cited[name], re.MULTILINE)
        roles = re.findall(r" \{related\}`s\d{4}`$", extension_cited[name], re.MULTILINE)
        assert len(marks) == len(roles) == 2
        assert re.sub(r" \[s\d{4}\]$", "", plain_cited[name], flags=re.MULTILINE) == text
