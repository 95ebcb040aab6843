"""Lighthouse on every page of the site, mobile preset; fail below the thresholds.

Run by ``nox -s audit`` (``-- --runs 3`` for medians of three runs, ``-- --page
index.html`` for one page). It builds ``docs/`` into ``build/audit/html`` with
``html_baseurl`` set to the local address the site is then served on, under the same
path as the published site, so that ``<link rel="canonical">``, the sitemap and the 404
page point where they do when published. Lighthouse then audits every HTML page found in
that build.

Needs ``npm ci`` (Lighthouse, pinned in package.json / package-lock.json) and Chromium
(``CHROME_PATH``, default ``/usr/bin/chromium``). The site is served with gzip, as static
hosts serve it, so "transferred" is what a phone downloads. Reports (HTML and JSON) go to
``build/lighthouse/``.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import shutil
import statistics
import subprocess
import sys
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from site_server import SiteServer, free_port, site_pages
from support import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BUILD = ROOT / "build" / "audit"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
#: The minimum score of each category (Lighthouse scores run from 0 to 1).
THRESHOLDS = {
    "performance": 0.95,
    "accessibility": 1.0,
    "best-practices": 1.0,
    "seo": 1.0,
}
#: The heaviest page, everything it loads, compressed as served.
MAX_TRANSFER_BYTES = 250_000
#: Pages that ask search engines not to index them (``<meta name="robots"
#: content="noindex">``): Lighthouse's SEO check "Page is blocked from indexing" fails
#: on them by design. Their SEO score is reported, not required; every other category is.
NOINDEX_EXEMPT = {"seo"}


def noindex(site: Path, page: str) -> bool:
    html = (site / page).read_text(encoding="utf-8")
    return 'name="robots" content="noindex"' in html


def run_lighthouse(url: str, out: Path, chrome: str) -> dict[str, object]:
    """One Lighthouse run (mobile preset, simulated throttling); the JSON report."""
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--output=html",
        f"--output-path={out}",
        "--only-categories=" + ",".join(THRESHOLDS),
        "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
        "--max-wait-for-load=60000",
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CHROME_PATH": chrome},
    )
    report = out.with_suffix(".report.json")
    if result.returncode != 0 or not report.is_file():
        sys.exit(f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    data: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return data


def summarise(report: dict[str, object]) -> tuple[dict[str, float], int, list[str]]:
    """Category scores, transferred bytes and the failing audits' titles."""
    categories = report["categories"]
    audits = report["audits"]
    assert isinstance(categories, dict)
    assert isinstance(audits, dict)
    scores = {name: float(categories[name]["score"] or 0) for name in THRESHOLDS}
    weight = int(audits["total-byte-weight"]["numericValue"])
    failing = []
    for name, category in categories.items():
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{name}: {ref['id']} ({audit['score']}) {audit['title']}")
    return scores, weight, failing


def published_path() -> str:
    """The path of the published site's address ("/ketamine-handout/"), from conf.py."""
    cwd = Path.cwd()
    try:
        os.chdir(DOCS)
        base = str(runpy.run_path(str(DOCS / "conf.py"))["html_baseurl"])
    finally:
        os.chdir(cwd)
    return urllib.parse.urlsplit(base).path or "/"


def build(port: int, prefix: str) -> Path:
    """The site as ``nox -s html`` builds it, in every language (Spanish in es/), but
    addressed at http://127.0.0.1:<port><prefix>."""
    outdir = BUILD / "html"
    shutil.rmtree(outdir, ignore_errors=True)
    languages = list(runpy.run_path(str(DOCS / "conf.py"))["handout_text"])
    for language in languages:
        command = [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "-D",
            f"html_baseurl=http://127.0.0.1:{port}{prefix}",
            "-D",
            f"language={language}",
            str(DOCS),
            str(outdir if language == "en" else outdir / language),
        ]
        subprocess.run(command, check=True)
    return outdir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; scores are medians")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lighthouse")
    parser.add_argument("--page", action="append", help="audit only this page (repeatable)")
    args = parser.parse_args()

    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not LIGHTHOUSE.is_file():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci` in {ROOT}")
    if shutil.which(chrome) is None:
        sys.exit(f"Chromium not found at {chrome}: `apt-get install chromium` or set CHROME_PATH")
    port = free_port()
    prefix = published_path()
    site = build(port, prefix)
    pages = args.page or site_pages(site)
    if not pages:
        sys.exit(f"No HTML pages in {site}")
    shutil.rmtree(args.out, ignore_errors=True)

    problems: list[str] = []
    rows = []
    with SiteServer(site, port=port, prefix=prefix) as server:
        for page in pages:
            runs = []
            for run in range(args.runs):
                stem = page.removesuffix(".html").replace("/", "__")
                name = stem if args.runs == 1 else f"{stem}.run{run + 1}"
                runs.append(summarise(run_lighthouse(server.url(page), args.out / name, chrome)))
            scores = {k: statistics.median(r[0][k] for r in runs) for k in THRESHOLDS}
            weight = max(r[1] for r in runs)
            exempt = NOINDEX_EXEMPT if noindex(site, page) else set()
            rows.append((page, scores, weight, exempt))
            for category, minimum in THRESHOLDS.items():
                if category not in exempt and scores[category] < minimum:
                    problems.append(f"{page}: {category} {scores[category]:.2f} < {minimum}")
                    problems += [f"    {line}" for line in runs[-1][2] if line.startswith(category)]

    header = f"{'page':<32} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'transferred':>12}"
    print(header)
    print("-" * len(header))
    for page, scores, weight, exempt in rows:
        cells = [f"{scores[c]:.2f}" + ("*" if c in exempt else "") for c in THRESHOLDS]
        print(f"{page:<32} " + " ".join(f"{c:>5}" for c in cells) + f" {weight / 1000:>9.1f} kB")
    heaviest = max(rows, key=lambda row: row[2])
    print(f"\nHeaviest page: {heaviest[0]}, {heaviest[2] / 1000:.1f} kB transferred (gzip)")
    if any(row[3] for row in rows):
        print("* noindex page (e.g. search.html): SEO reported, not required")
    print(f"Reports: {args.out}")
    if heaviest[2] > MAX_TRANSFER_BYTES:
        problems.append(
            f"{heaviest[0]} transfers {heaviest[2]} bytes, over {MAX_TRANSFER_BYTES} bytes"
        )
    if problems:
        print("\nBelow the thresholds:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
