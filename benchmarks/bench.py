"""What related_reading costs over plain Sphinx, measured in one run (``nox -s bench``).

A generated tree (300 pages, 8 links each, drawn from 1,000 URLs) is built with the
extension and, as the baseline, as the same pages with plain Markdown lists: the same list
items, ``{#key}`` attributes included, without the directive and the appendix page. That
is the issue's tree, and its ratio is the one held to the target. The same pages are
measured again with two of each page's entries cited in its text (600 citations with the
``related`` role; in the baseline, the same place says ``[s0123]`` as plain text), which
is how the articles use the extension. Each round builds both sides of a comparison, in
fresh processes, at the same time and pinned to the same CPU (see ``measure_pair``); the
report gives the median of the rounds' CPU-time ratios.
Builds run one after the other on a shared VM differ by up to 30% from each other, and
their ratio swung between 1.06 and 1.20 across runs here; two builds sharing one CPU see
the same machine, and two builds of the *same* tree measured so differ by well under 1%
(``--self-check N`` measures exactly that first). Where affinity cannot be set (macOS),
builds run one after the other. Also reported: peak memory, what the garbage
collector's full collections visit (counted in one more build per side: every tracked
object, at each full collection; it does not depend on the machine's speed), an
incremental rebuild after editing one page (how many pages are re-read), and ``-j 2``
against ``-j 1``.

``--callgrind`` adds the one measure that no neighbour can disturb: the instructions each
build executes, counted by valgrind (slow: about 25 minutes a side for 300 pages; the
sides run at once). It also counts a stricter baseline, the lists without their
``{#key}`` attributes, so that what MyST spends on parsing the keys shows. Instructions
are not time, though: about 40% of a build's time here goes to the cyclic garbage
collector's full collections, which chase pointers through the whole heap and cost far
more time per instruction than the rest. More live objects make every full collection
slower, and the instruction count barely shows it. Both ratios must meet the target.

Every build runs with bytecode caching on (a warm-up build per side writes the ``.pyc``
files first), as in any normal installation: with ``PYTHONDONTWRITEBYTECODE=1``, which
some machines set, each build would compile every module it imports from source again.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from treegen import generate

#: The issue's targets: at most 5% more time and 10% more peak memory.
TIME_TARGET = 1.05
MEMORY_TARGET = 1.10


def _count_full_collections() -> dict[str, int]:
    """Count full collections, and the objects each one visits (all tracked objects)."""
    counts = {"full_collections": 0, "gc_visits": 0}

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            counts["full_collections"] += 1
            counts["gc_visits"] += len(gc.get_objects())

    gc.callbacks.append(callback)
    return counts


def child(
    srcdir: str, outdir: str, jobs: str, fresh: str, count_gc: str = "0", cpu: str = "-1"
) -> None:
    """Run one build in this process (on CPU ``cpu``, if given) and print its measurements."""
    if cpu != "-1":
        os.sched_setaffinity(0, {int(cpu)})
    from sphinx.cmd.build import build_main

    gc_counts = _count_full_collections() if count_gc == "1" else {}

    args = ["-b", "html", "-q", "-d", f"{outdir}/.doctrees"]
    if fresh == "1":
        args.append("-E")
    if jobs != "1":
        args += ["-j", jobs]
    start = time.perf_counter()
    status = build_main([*args, srcdir, outdir])
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "status": status,
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime,
                "maxrss_kb": max(usage.ru_maxrss, children.ru_maxrss),
                **gc_counts,
            }
        )
    )


def build_env() -> dict[str, str]:
    """Fixed hash seed; bytecode cached as in a normal installation (see above)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child_command(
    srcdir: Path,
    outdir: Path,
    *,
    jobs: int = 1,
    fresh: bool = True,
    count_gc: bool = False,
    cpu: int = -1,
) -> list[str]:
    return [
        sys.executable,
        __file__,
        "--child",
        str(srcdir),
        str(outdir),
        str(jobs),
        str(int(fresh)),
        str(int(count_gc)),
        str(cpu),
    ]


def _parse_result(stdout: str, stderr: str, srcdir: Path) -> dict[str, float]:
    lines = stdout.strip().splitlines()
    result: dict[str, float] = json.loads(lines[-1]) if lines else {}
    if result.get("status") != 0:
        raise SystemExit(f"build of {srcdir} failed:\n{stderr}")
    return result


def measure(
    srcdir: Path, outdir: Path, *, jobs: int = 1, fresh: bool = True, count_gc: bool = False
) -> dict[str, float]:
    """One build, alone."""
    out = subprocess.run(
        _child_command(srcdir, outdir, jobs=jobs, fresh=fresh, count_gc=count_gc),
        capture_output=True,
        text=True,
        check=True,
        env=build_env(),
    )
    return _parse_result(out.stdout, out.stderr, srcdir)


def spread(ratios: list[float]) -> str:
    """Sorted ratios as "median (lowest-highest)"."""
    return f"{statistics.median(ratios):.3f} ({ratios[0]:.3f}-{ratios[-1]:.3f})"


def bench_cpu() -> int | None:
    """The CPU that paired builds share, or None where affinity cannot be set."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    return max(os.sched_getaffinity(0))


def measure_pair(
    builds: dict[str, tuple[Path, Path]], cpu: int, scratch: Path
) -> dict[str, dict[str, float]]:
    """Two builds at once, both pinned to one CPU (``builds``: name -> (srcdir, outdir)).

    They take turns on that CPU many times a second, so whatever else slows the machine
    (neighbours on a shared host, a busy core, frequency changes) slows both alike, and
    their CPU times compare closely: two builds of the same tree measured this way
    differ by well under 1%, where builds run one after the other differ by up to 30%
    here. When one finishes first, a copy of its build keeps the CPU shared until the
    other is done: alone, the other would finish on warm caches, faster than it ran.
    """
    env = build_env()
    logs = {name: (scratch / f"{name}.out", scratch / f"{name}.err") for name in builds}
    running: dict[str, subprocess.Popen[bytes]] = {}
    for name, (srcdir, outdir) in builds.items():
        stdout, stderr = logs[name]
        with stdout.open("wb") as out, stderr.open("wb") as err:
            running[name] = subprocess.Popen(
                _child_command(srcdir, outdir, cpu=cpu), stdout=out, stderr=err, env=env
            )
    results: dict[str, dict[str, float]] = {}
    filler: subprocess.Popen[bytes] | None = None
    try:
        while running:
            time.sleep(0.02)
            for name, process in list(running.items()):
                if process.poll() is None:
                    continue
                del running[name]
                stdout, stderr = logs[name]
                results[name] = _parse_result(
                    stdout.read_text(encoding="utf-8"),
                    stderr.read_text(encoding="utf-8"),
                    builds[name][0],
                )
                if running and filler is None:
                    filler = subprocess.Popen(
                        _child_command(builds[name][0], scratch / "filler", cpu=cpu),
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                        env=env,
                    )
    finally:
        for process in [*running.values(), *([filler] if filler else [])]:
            process.kill()
            process.wait()
    return results


def instructions(srcdirs: dict[str, Path], work: Path) -> dict[str, int]:
    """Instructions executed by one full build of each tree, counted by callgrind."""
    runs = {}
    for name, srcdir in srcdirs.items():
        log = work / f"callgrind-{name}.log"
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={work / f'callgrind-{name}.out'}",
            f"--log-file={log}",
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-E",
            str(srcdir),
            str(work / f"out-callgrind-{name}"),
        ]
        runs[name] = (subprocess.Popen(command, env=build_env()), log)
    counts = {}
    for name, (process, log) in runs.items():
        if process.wait() != 0:
            raise SystemExit(f"callgrind build of {name} failed: see {log}")
        match = re.search(r"Collected : (\d+)", log.read_text(encoding="utf-8"))
        assert match, log
        counts[name] = int(match[1])
    return counts


def reread_count(srcdir: Path, outdir: Path, pages: int) -> tuple[int, float]:
    """Edit the middle page, rebuild without -E, return (pages re-read, wall seconds)."""
    page = srcdir / f"page{pages // 2:04d}.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - start
    match = re.search(r"(\d+) added, (\d+) changed, (\d+) removed", out.stdout)
    assert match, out.stdout
    return int(match[1]) + int(match[2]), wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--links", type=int, default=8)
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument(
        "--rounds", type=int, default=9, help="rounds of both builds (median of their ratios)"
    )
    parser.add_argument(
        "--cited-rounds",
        type=int,
        default=5,
        help="rounds of the trees whose pages also cite entries in their text (0: skip them)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--self-check",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="first measure plain Sphinx against itself, to show the method's own error",
    )
    parser.add_argument(
        "--callgrind", action="store_true", help="also count instructions (needs valgrind)"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="related-reading-bench-"))
    try:
        tree = {"extension": True, "plain": False}
        # The same pages, citing two of their entries each in their text.
        cited_tree = {"extension-cited": True, "plain-cited": False} if args.cited_rounds else {}

        def tree_of(name: str, *, extension: bool, keys: bool, cites: int = 0) -> Path:
            return generate(
                work / name,
                pages=args.pages,
                links_per_page=args.links,
                urls=args.urls,
                extension=extension,
                keys=keys,
                cites=cites,
            )

        sources = {name: tree_of(name, extension=ext, keys=True) for name, ext in tree.items()}
        sources.update(
            {
                name: tree_of(name, extension=ext, keys=True, cites=2)
                for name, ext in cited_tree.items()
            }
        )
        cpu = bench_cpu()
        how = f"in pairs sharing CPU {cpu}" if cpu is not None else "one after the other"
        print(
            f"{args.pages} pages x {args.links} links from {args.urls} URLs, "
            f"{args.rounds} rounds, builds {how}"
        )
        for name in sources:  # warm-up: bytecode written, files in the page cache
            measure(sources[name], work / f"out-{name}")

        def rounds(
            first: str, second: str, count: int, label: str
        ) -> tuple[dict[str, list[dict[str, float]]], list[float]]:
            """``count`` rounds of both builds; each round's CPU ratio second/first."""
            runs: dict[str, list[dict[str, float]]] = {first: [], second: []}
            ratios = []
            for round_ in range(count):
                order = [first, second] if round_ % 2 == 0 else [second, first]
                builds = {name: (sources[name], work / f"out-{name}") for name in order}
                if cpu is None:
                    got = {name: measure(*builds[name]) for name in order}
                else:
                    got = measure_pair(builds, cpu, work)
                for name in order:
                    runs[name].append(got[name])
                ratios.append(got[second]["cpu"] / got[first]["cpu"])
                print(
                    f"  {label} {round_ + 1}: {first} cpu {got[first]['cpu']:6.2f} s, "
                    f"{second} cpu {got[second]['cpu']:6.2f} s, ratio {ratios[-1]:.3f}; "
                    f"peak {got[first]['maxrss_kb'] / 1024:.1f} and "
                    f"{got[second]['maxrss_kb'] / 1024:.1f} MiB",
                    flush=True,
                )
            return runs, sorted(ratios)

        self_check: list[float] = []
        if args.self_check:
            # The method's own error: the baseline against an identical copy of itself.
            sources["plain-copy"] = tree_of("plain-copy", extension=False, keys=True)
            _runs, self_check = rounds("plain", "plain-copy", args.self_check, "self-check")
        results, pair_ratios = rounds("plain", "extension", args.rounds, "round")
        cited_ratios: list[float] = []
        if cited_tree:
            cited_results, cited_ratios = rounds(
                "plain-cited", "extension-cited", args.cited_rounds, "cited"
            )
            results.update(cited_results)

        def median(name: str, field: str) -> float:
            return statistics.median(r[field] for r in results[name])

        # Each round's two builds ran under the same conditions (see measure_pair): the
        # median of their ratios is the measure, its range the machine's noise.
        cpu_ratio = statistics.median(pair_ratios)
        memory_ratio = median("extension", "maxrss_kb") / median("plain", "maxrss_kb")
        # One more build per side, untimed: what the garbage collector's full collections
        # visit does not depend on the machine's speed, unlike their time.
        gc_counts = {
            name: measure(sources[name], work / f"out-{name}", count_gc=True)
            for name in [*tree, *cited_tree]
        }
        visits = {name: int(counts["gc_visits"]) for name, counts in gc_counts.items()}
        full_collections = {
            name: int(counts["full_collections"]) for name, counts in gc_counts.items()
        }
        reread, incremental_wall = reread_count(
            sources["extension"], work / "out-extension", args.pages
        )
        serial = [measure(sources["extension"], work / "out-j1", jobs=1)["wall"] for _ in range(2)]
        parallel = [
            measure(sources["extension"], work / "out-j2", jobs=2)["wall"] for _ in range(2)
        ]

        missed: list[str] = []
        print()
        print("| measure | plain Sphinx | with related_reading | ratio | target |")
        print("| --- | --- | --- | --- | --- |")
        print(
            f"| full build, CPU s (median) and CPU ratio round by round: median "
            f"(lowest-highest) | {median('plain', 'cpu'):.2f} | "
            f"{median('extension', 'cpu'):.2f} | {spread(pair_ratios)} | <= {TIME_TARGET:.2f} |"
        )
        if cited_ratios:
            print(
                f"| the same pages citing 2 entries each in their text, {len(cited_ratios)} "
                f"rounds: CPU s, CPU ratio | {median('plain-cited', 'cpu'):.2f} | "
                f"{median('extension-cited', 'cpu'):.2f} | {spread(cited_ratios)} | |"
            )
        if self_check:
            print(
                f"| self-check: plain against a copy of itself, {len(self_check)} rounds | | | "
                f"{spread(self_check)} | 1 |"
            )
        # The tree (with its targets), then the pages citing entries, if measured.
        compared = [("plain", "extension", "", True)]
        if cited_tree:
            compared.append(("plain-cited", "extension-cited", ", pages citing entries", False))
        for plain, extension, which, targeted in compared:
            print(
                f"| peak memory, MiB (median){which} | "
                f"{median(plain, 'maxrss_kb') / 1024:.1f} | "
                f"{median(extension, 'maxrss_kb') / 1024:.1f} | "
                f"{median(extension, 'maxrss_kb') / median(plain, 'maxrss_kb'):.3f} | "
                + (f"<= {MEMORY_TARGET:.2f} |" if targeted else "|")
            )
        for plain, extension, which, _targeted in compared:
            print(
                f"| garbage collector: objects visited by full collections (how many){which} | "
                f"{visits[plain]:,} ({full_collections[plain]}) | "
                f"{visits[extension]:,} ({full_collections[extension]}) | "
                f"{visits[extension] / visits[plain]:.3f} | |"
            )
        print(f"| incremental: pages re-read after editing one | | {reread} | | 1 |")
        print(f"| incremental: wall s | | {incremental_wall:.2f} | | |")
        print(
            f"| -j 2 vs -j 1, wall s (best of 2) | {min(serial):.2f} (-j 1) | "
            f"{min(parallel):.2f} (-j 2) | {min(parallel) / min(serial):.3f} | |"
        )
        if args.callgrind:
            unkeyed = tree_of("plain-unkeyed", extension=False, keys=False)
            counts = instructions(
                {**{name: sources[name] for name in tree}, "plain-unkeyed": unkeyed}, work
            )
            ratio = counts["extension"] / counts["plain"]
            print(
                f"| full build, instructions (callgrind) | {counts['plain']:,} | "
                f"{counts['extension']:,} | {ratio:.3f} | <= {TIME_TARGET:.2f} |"
            )
            print(
                "| the same, against lists without {#key} | "
                f"{counts['plain-unkeyed']:,} | {counts['extension']:,} | "
                f"{counts['extension'] / counts['plain-unkeyed']:.3f} | |"
            )
            if ratio > TIME_TARGET:
                missed.append(f"instruction ratio {ratio:.3f} > {TIME_TARGET}")
        # Time is the target; instructions are its steady floor, not a stand-in for it.
        if cpu_ratio > TIME_TARGET:
            missed.append(f"time ratio {cpu_ratio:.3f} > {TIME_TARGET}")
        if memory_ratio > MEMORY_TARGET:
            missed.append(f"memory ratio {memory_ratio:.3f} > {MEMORY_TARGET}")
        if reread != 1:
            missed.append(f"{reread} pages re-read after editing one")
        for line in missed:
            print(f"MISSED: {line}")
        return 1 if (missed and args.check) else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:8])
    else:
        sys.exit(main())
