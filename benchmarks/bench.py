"""What related_reading costs over plain Sphinx, measured in one run (``nox -s bench``).

A generated tree (300 pages, 8 links each, drawn from 1,000 URLs) is built with the
extension and, as the baseline, as the same pages with plain Markdown lists: the same list
items, ``{#key}`` attributes included, without the directive, the role and the appendix
page. Builds alternate (A, B, A, B, ...) in fresh processes, so that drift on a shared machine hits
both sides alike; the report compares medians as ratios. CPU time (user + system of the
build process) is less noisy than wall time when other jobs share the machine, but on a
shared VM its ratio still swings by 10-15% from run to run. Also reported: peak memory,
what the garbage collector's full collections visit (counted in one more build per side:
every tracked object, at each full collection; it does not depend on the machine's
speed, and it is where the extension's live objects cost time, see below), an
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


def child(srcdir: str, outdir: str, jobs: str, fresh: str, count_gc: str = "0") -> None:
    """Run one build in this process and print its measurements as JSON."""
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


def measure(
    srcdir: Path, outdir: Path, *, jobs: int = 1, fresh: bool = True, count_gc: bool = False
) -> dict[str, float]:
    env = build_env()
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(srcdir),
            str(outdir),
            str(jobs),
            str(int(fresh)),
            str(int(count_gc)),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["status"] != 0:
        raise SystemExit(f"build of {srcdir} failed:\n{out.stderr}")
    return result


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
    parser.add_argument("--rounds", type=int, default=9, help="builds per side (median)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--callgrind", action="store_true", help="also count instructions (needs valgrind)"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="related-reading-bench-"))
    try:
        tree = {"extension": True, "plain": False}

        def tree_of(name: str, *, extension: bool, keys: bool) -> Path:
            return generate(
                work / name,
                pages=args.pages,
                links_per_page=args.links,
                urls=args.urls,
                extension=extension,
                keys=keys,
            )

        sources = {name: tree_of(name, extension=ext, keys=True) for name, ext in tree.items()}
        results: dict[str, list[dict[str, float]]] = {name: [] for name in tree}
        print(
            f"{args.pages} pages x {args.links} links from {args.urls} URLs, {args.rounds} rounds"
        )
        for name in tree:  # warm-up: bytecode written, files in the page cache
            measure(sources[name], work / f"out-{name}")
        for round_ in range(args.rounds):
            order = list(tree) if round_ % 2 == 0 else list(reversed(tree))
            for name in order:
                result = measure(sources[name], work / f"out-{name}")
                results[name].append(result)
                print(
                    f"  round {round_ + 1} {name:9} cpu {result['cpu']:6.2f} s  "
                    f"wall {result['wall']:6.2f} s  peak {result['maxrss_kb'] / 1024:6.1f} MiB",
                    flush=True,
                )

        def median(name: str, field: str) -> float:
            return statistics.median(r[field] for r in results[name])

        cpu_ratio = median("extension", "cpu") / median("plain", "cpu")
        # Each round's two builds ran back to back: their ratio, round by round, shows how
        # far the machine's noise reaches.
        pair_ratios = sorted(
            ext["cpu"] / plain["cpu"]
            for ext, plain in zip(results["extension"], results["plain"], strict=True)
        )
        wall_ratio = median("extension", "wall") / median("plain", "wall")
        memory_ratio = median("extension", "maxrss_kb") / median("plain", "maxrss_kb")
        # One more build per side, untimed: what the garbage collector's full collections
        # visit does not depend on the machine's speed, unlike their time.
        gc_counts = {
            name: measure(sources[name], work / f"out-{name}", count_gc=True) for name in tree
        }
        visits = {name: int(gc_counts[name]["gc_visits"]) for name in tree}
        full_collections = {name: int(gc_counts[name]["full_collections"]) for name in tree}
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
            f"| full build, CPU s (median) | {median('plain', 'cpu'):.2f} | "
            f"{median('extension', 'cpu'):.2f} | {cpu_ratio:.3f} | <= {TIME_TARGET:.2f} |"
        )
        print(
            f"| full build, wall s (median) | {median('plain', 'wall'):.2f} | "
            f"{median('extension', 'wall'):.2f} | {wall_ratio:.3f} | (noisy) |"
        )
        print(
            f"| CPU ratio round by round: median (lowest-highest) | | | "
            f"{statistics.median(pair_ratios):.3f} ({pair_ratios[0]:.3f}-{pair_ratios[-1]:.3f}) | |"
        )
        print(
            f"| peak memory, MiB (median) | {median('plain', 'maxrss_kb') / 1024:.1f} | "
            f"{median('extension', 'maxrss_kb') / 1024:.1f} | {memory_ratio:.3f} | "
            f"<= {MEMORY_TARGET:.2f} |"
        )
        print(
            "| garbage collector: objects visited by full collections (how many) | "
            f"{visits['plain']:,} ({full_collections['plain']}) | "
            f"{visits['extension']:,} ({full_collections['extension']}) | "
            f"{visits['extension'] / visits['plain']:.3f} | |"
        )
        print(f"| incremental: pages re-read after editing one | | {reread} | | 1 |")
        print(f"| incremental: wall s | | {incremental_wall:.2f} | | |")
        print(
            f"| -j 2 vs -j 1, wall s (best of 2) | {min(serial):.2f} (-j 1) | "
            f"{min(parallel):.2f} (-j 2) | {min(parallel) / min(serial):.3f} | |"
        )
        if args.callgrind:
            unkeyed = tree_of("plain-unkeyed", extension=False, keys=False)
            counts = instructions({**sources, "plain-unkeyed": unkeyed}, work)
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
        child(*sys.argv[2:7])
    else:
        sys.exit(main())
