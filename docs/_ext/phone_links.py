"""Crisis phone numbers as tap-to-call links on the site.

A reader in crisis on a phone can call with one tap; a keyboard user can Tab to the
crisis box (issue 7). Numbers are found in the text of the crisis lines set in
``conf.py`` (``handout_text``), in English and Spanish, never typed twice:

- "call 911", "Call or text 988", "dial 988", "on 116 123", "or 999", "call NHS 111";
  "llame al 911", "marquen el 988", "o al 999" → ``tel:``
- "text 838255", "envíen un mensaje de texto al 838255" (a text message, unless the
  clause offers a call too: "Llame o envíe un mensaje de texto al 988") → ``sms:``
- a number not introduced by one of those words (the "988" of "988 Suicide and
  Crisis Lifeline") stays plain text.

Applied on HTML only: to every ``crisis`` admonition in the pages (the landing page's
crisis box), and, through the ``handout_phone_links`` template function, to the
announcement bar and the footer notice (``_templates/page.html``). Paper cannot be
tapped, so the PDF keeps plain numbers.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: A verb or preposition (and the service's name, "NHS"), then a short number: "988",
#: "116 123", "838255", "NHS 111".
NUMBER = re.compile(
    r"\b(?P<verb>call or text|call|text|dial|on|or|al|el)\s+(?:NHS\s+)?"
    r"(?P<number>\d{3} \d{3}|\d{3,6})(?![\d])",
    re.IGNORECASE,
)
#: Tags in an HTML string, kept as they are; only the text between them is linked.
TAG = re.compile(r"(<[^>]*>)")
#: Where the clause that leads up to a number starts.
_CLAUSE_START = re.compile(r"[.,;:]\s")
#: A text message ("text", "texto") ...
_TEXT = re.compile(r"\btexto?\b", re.IGNORECASE)
#: ... unless the clause offers a call too ("call or text", "llame o envíe").
_CALL_OR_TEXT = re.compile(r"\b(call or text|llame o envíe)\b", re.IGNORECASE)


def uri(clause: str, number: str) -> str:
    """``tel:`` or ``sms:``, from the words of the clause that leads up to the number."""
    texting = _TEXT.search(clause) and not _CALL_OR_TEXT.search(clause)
    return f"{'sms' if texting else 'tel'}:{number.replace(' ', '')}"


def split(text: str) -> list[tuple[str, str | None]]:
    """``text`` as pieces ``(words, None)`` and ``(number, uri)``, in order."""
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for match in NUMBER.finditer(text):
        start, end = match.span("number")
        before = text[:start]
        clause = before[max((m.end() for m in _CLAUSE_START.finditer(before)), default=0) :]
        pieces.append((text[position:start], None))
        pieces.append((match["number"], uri(clause, match["number"])))
        position = end
    pieces.append((text[position:], None))
    return [piece for piece in pieces if piece[0]]


def link_html(markup: str) -> str:
    """The same HTML with the numbers in its text (not in its tags) as links."""
    out = []
    inside_link = False
    for chunk in TAG.split(markup):
        if chunk.startswith("<"):
            if re.match(r"<a[\s>]", chunk, re.IGNORECASE):
                inside_link = True
            elif chunk.lower().startswith("</a"):
                inside_link = False
            out.append(chunk)
            continue
        if inside_link:
            out.append(chunk)
            continue
        for words, target in split(chunk):
            if target is None:
                out.append(words)
            else:
                out.append(f'<a class="phone-link" href="{html.escape(target)}">{words}</a>')
    return "".join(out)


def link_doctree(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """Numbers in ``crisis`` admonitions become ``tel:``/``sms:`` references (HTML only)."""
    if app.builder.format != "html":
        return
    for box in doctree.findall(nodes.Element):
        if "crisis" not in box.get("classes", []):
            continue
        for text in list(box.findall(nodes.Text)):
            if isinstance(text.parent, nodes.reference | nodes.FixedTextElement):
                continue
            pieces = split(str(text))
            if len(pieces) == 1 and pieces[0][1] is None:
                continue
            replacement: list[nodes.Node] = [
                nodes.Text(words)
                if target is None
                else nodes.reference(words, words, refuri=target, classes=["phone-link"])
                for words, target in pieces
            ]
            text.parent.replace(text, replacement)


def page_context(
    _app: Sphinx, _pagename: str, _template: str, context: dict[str, Any], _doctree: Any
) -> None:
    context["handout_phone_links"] = link_html


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", link_doctree)
    app.connect("html-page-context", page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
