"""Translated builds (Sphinx's gettext builder, then a build in French) keep every
entry, key, citation and back link; a translated item is the same entry by its URL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import build_app, copy_root
from helpers import soup, squash, warnings_of

if TYPE_CHECKING:
    from sphinx.testing.util import SphinxTestApp

LABEL = "https://example.org/label"
#: What a translator writes: titles and annotations in French, URLs and keys kept.
FRENCH = {
    "Safety": "Sécurité",
    "Treatment": "Traitement",
    "Related reading": "Lectures complémentaires",
    "Staff watch you for two hours {related}`label`.": (
        "Le personnel vous surveille pendant deux heures {related}`label`."
    ),
    "A trial found a benefit {related}`trial`, and the label agrees {related}`label`.": (
        "Un essai a trouvé un bénéfice {related}`trial`, et la notice le confirme {related}`label`."
    ),
    f"[Prescribing information]({LABEL}){{#label}} — Food and Drug Administration": (
        f"[Notice officielle]({LABEL}){{#label}} — Agence américaine des médicaments"
    ),
    f"[Prescribing information]({LABEL}) — Food and Drug Administration": (
        f"[Notice officielle]({LABEL}) — Agence américaine des médicaments"
    ),
    "[Ketamine](https://example.org/ketamine) — National Institute on Drug Abuse": (
        "[Kétamine](https://example.org/ketamine) — Institut national sur les drogues"
    ),
    "[A randomized trial](https://example.org/trial){#trial} — JAMA Psychiatry, 2014": (
        "[Un essai randomisé](https://example.org/trial){#trial} — JAMA Psychiatry, 2014"
    ),
}


@pytest.fixture
def translated(tmp_path: Path) -> SphinxTestApp:
    """The gettext builder's catalogues, translated into French, then a French build."""
    srcdir = copy_root("i18n", tmp_path)
    gettext = build_app("gettext", srcdir, freshenv=True)
    translated_ids = set()
    for template in sorted(Path(gettext.outdir).glob("*.pot")):
        with template.open("rb") as stream:
            catalog = read_po(stream)
        for message in catalog:
            if message.id in FRENCH:
                message.string = FRENCH[message.id]
                translated_ids.add(message.id)
        target = srcdir / "locales" / "fr" / "LC_MESSAGES" / template.with_suffix(".po").name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as stream:
            write_po(stream, catalog)
    assert translated_ids == set(FRENCH)  # every list item and citation was extracted
    return build_app("html", srcdir, freshenv=True, confoverrides={"language": "fr"})


def test_translated_build_keeps_every_entry_key_citation_and_back_link(
    translated: SphinxTestApp,
) -> None:
    """Issue 17, defect 3: the appendix said "No related reading is listed yet", the
    JSON had no entries and citations became "[key?]"."""
    assert warnings_of(translated) == []
    entries = soup(translated, "appendix").select("ol.related-reading-appendix > li")
    assert [squash(li.select_one("p.related-entry-title").get_text()) for li in entries] == [
        "Notice officielle — Agence américaine des médicaments",
        "Kétamine — Institut national sur les drogues",
        "Un essai randomisé — JAMA Psychiatry, 2014",
    ]
    back = [squash(a.get_text()) for a in entries[0].select("p.related-entry-places a")]
    assert back == [
        "Sécurité",
        "Sécurité › Lectures complémentaires",
        "Traitement",
        "Traitement › Lectures complémentaires",
    ]
    cites = soup(translated, "treatment").select("section > p a.related-ref")
    assert [(a.get_text(), a["href"]) for a in cites] == [
        ("[3]", "appendix.html#rr-entry-trial"),
        ("[1]", "appendix.html#rr-entry-label"),
    ]
    assert not soup(translated, "safety").select(".related-unknown")
    data = json.loads(Path(translated.outdir, "related-reading.json").read_text("utf-8"))
    assert [(e["key"], e["url"], len(e["places"])) for e in data["entries"]] == [
        ("label", LABEL, 4),
        ("example-org-ketamine-63be20", "https://example.org/ketamine", 1),
        ("trial", "https://example.org/trial", 2),
    ]
