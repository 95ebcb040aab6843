"""Lighthouse on every page of a built site, mobile preset; fail below the thresholds.

Run by ``nox -s audit``, which first builds the site with ``html_baseurl`` set to the
local address it is served on (so that ``<link rel="canonical">`` points at the page
being audited, as it does on the published site). By hand::

    python tests/browser/audit.py build/audit/html --port 8123

Needs ``npm ci`` (Lighthouse, pinned in package.json / package-lock.json) and Chromium
(``CHROME_PATH``, default ``/usr/bin/chromium``). The site is served with gzip, as static
hosts serve it, so "transferred" is what a phone downloads. Reports go to
``build/lighthouse/<page>.report.{html,json}``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from site_server import SiteServer, site_pages  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
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
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (a folder of HTML)")
    parser.add_argument("--port", type=int, default=0, help="serve on this port (0: any)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; scores are medians")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "lighthouse")
    parser.add_argument("--page", action="append", help="audit only this page (repeatable)")
    args = parser.parse_args()

    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not LIGHTHOUSE.is_file():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci` in {ROOT}")
    if not Path(chrome).is_file():
        sys.exit(f"Chromium not found at {chrome}: `apt-get install chromium` or set CHROME_PATH")
    site = args.site.resolve()
    pages = args.page or site_pages(site)
    if not pages:
        sys.exit(f"No HTML pages in {site}")
    shutil.rmtree(args.out, ignore_errors=True)

    problems: list[str] = []
    rows = []
    with SiteServer(site, port=args.port) as server:
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
        cells = [
            f"{scores[c]:.2f}" + ("*" if c in exempt else "") for c in THRESHOLDS
        ]
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
