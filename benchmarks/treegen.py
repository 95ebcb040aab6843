"""Generate a Sphinx project of many pages that list and cite related reading.

Used by the benchmark (``nox -s bench``) and by the parallel-build tests. The same
seed gives the same tree; ``extension=False`` gives the same pages as plain Markdown
lists (no directive, no role, no appendix page), the baseline the extension is measured
against. ``keys`` says whether list items carry their ``{#key}`` attribute; by default
they do with the extension and not without it. ``cites`` is how many of a page's
entries its text cites: with the ``related`` role, or as the plain text ``[s0123]``.
``folders`` splits the pages into that many folders, each with its own index page
and toctree (the root's toctree lists the folders).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["generate"]

WORDS = [
    "ketamine",
    "therapy",
    "anxiety",
    "trauma",
    "symptoms",
    "clinic",
    "doctor",
    "nurse",
    "dose",
    "trial",
    "evidence",
    "review",
    "guideline",
    "safety",
    "monitoring",
    "blood",
    "pressure",
    "sleep",
    "mood",
    "brain",
    "receptor",
    "study",
    "patient",
    "treatment",
    "week",
    "month",
    "day",
    "research",
    "result",
    "effect",
    "risk",
    "benefit",
    "support",
]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def generate(
    dest: Path,
    *,
    pages: int = 300,
    links_per_page: int = 8,
    urls: int = 1000,
    extension: bool = True,
    keys: bool | None = None,
    cites: int = 2,
    seed: int = 0,
    folders: int = 0,
) -> Path:
    """Write the project into ``dest`` (created) and return it."""
    if not 0 <= cites <= 2:
        raise ValueError(f"a page cites 0, 1 or 2 of its entries, not {cites}")
    rng = random.Random(seed)
    if keys is None:
        keys = extension
    dest.mkdir(parents=True, exist_ok=False)
    pool = [f"https://example.org/source/{n:04d}?topic={n % 17}" for n in range(urls)]
    extensions = ["myst_parser", "related_reading"] if extension else ["myst_parser"]
    (dest / "conf.py").write_text(
        f"project = 'Generated'\nextensions = {extensions!r}\n"
        "myst_enable_extensions = ['attrs_inline']\n"
        "exclude_patterns = ['_build']\n",
        encoding="utf-8",
    )
    names = [f"page{n:04d}" for n in range(pages)]
    if folders:  # folder03/page0312 ..., each folder with an index page listing its pages
        per_folder = -(-pages // folders)
        names = [f"folder{n // per_folder:02d}/{name}" for n, name in enumerate(names)]
        for folder in range(folders):
            prefix = f"folder{folder:02d}/"
            inside = "\n".join(n.removeprefix(prefix) for n in names if n.startswith(prefix))
            (dest / prefix).mkdir()
            (dest / prefix / "index.md").write_text(
                f"# Folder {folder}\n\n```{{toctree}}\n:maxdepth: 1\n\n{inside}\n```\n",
                encoding="utf-8",
            )
    top = [f"folder{n:02d}/index" for n in range(folders)] if folders else names
    toctree = "\n".join(top + (["related-reading"] if extension else []))
    (dest / "index.md").write_text(
        f"# Generated\n\n```{{toctree}}\n:maxdepth: 1\n\n{toctree}\n```\n", encoding="utf-8"
    )
    for name in names:
        chosen = rng.sample(range(urls), links_per_page)
        items = []
        for n in chosen:
            key = f"{{#s{n:04d}}}" if keys else ""
            items.append(
                f"- [Source number {n}]({pool[n]}){key} — Publisher {n % 23}, {2000 + n % 25}"
            )
        # Drawn whether or not they are written, so that the pages' text is the same.
        cited = rng.sample(chosen, 2)[:cites]
        marks = [f" {{related}}`s{n:04d}`" if extension else f" [s{n:04d}]" for n in cited]
        marks += [""] * (2 - len(marks))
        listing = "\n".join(items)
        if extension:
            listing = f"```{{related-reading}}\n{listing}\n```"
        body = [
            f"# Page {name.rpartition('/')[2]}",
            _paragraph(rng) + marks[0],
            "## Details",
            _paragraph(rng) + marks[1],
            _paragraph(rng),
            "## Related reading",
            listing,
        ]
        (dest / f"{name}.md").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    if extension:
        (dest / "related-reading.md").write_text(
            "# Related reading\n\n```{related-reading-appendix}\n```\n", encoding="utf-8"
        )
    return dest
