"""The ``related`` domain: what each document lists and cites, as plain records which
``clear_doc`` drops and ``merge_domaindata`` takes back from parallel readers (as in
Sphinx's citation domain). ``global_step`` derives the catalogue from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType

from .builders import internal_uri
from .catalogue import current_catalogue
from .markup import RelatedRole

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


@dataclass(frozen=True, slots=True)
class Place:
    """One spot in one document that lists (``list``) or cites (``cite``) an entry.

    ``source`` and ``line``: where the author wrote it (a file relative to the source
    folder: the document or a file it includes). ``anchor``: its id, for back links.
    ``section``: the innermost section's title. ``conditions``: the ``only`` expressions
    around it, outermost first. ``key``: the key cited, or the item's key ("" if none).
    A list item also has its URL, the URL's identity (``urls.clean_url``), title and
    annotation.
    """

    kind: Literal["list", "cite"]
    docname: str
    source: str
    line: int
    anchor: str
    section: str
    conditions: tuple[str, ...]
    key: str
    url: str = ""
    identity: str = ""
    title: str = ""
    annotation: str = ""


@dataclass(frozen=True, slots=True)
class Appendix:
    """An appendix directive; ``serial`` counts them in the page (a file may be included twice)."""

    docname: str
    serial: int
    source: str
    line: int
    sort: str
    conditions: tuple[str, ...]


class RelatedReadingDomain(Domain):
    """``places``: docname -> its list items and citations, in document order;
    ``appendices``: docname -> its appendix directives."""

    name = "related"
    label = "Related reading"
    object_types: ClassVar = {"entry": ObjType("related reading entry", "cite")}
    roles: ClassVar = {"cite": RelatedRole()}
    initial_data: ClassVar[dict[str, Any]] = {"places": {}, "appendices": {}}
    data_version = 3  # bumped when the records change shape

    @property
    def places(self) -> dict[str, list[Place]]:
        return cast("dict[str, list[Place]]", self.data["places"])

    @property
    def appendices(self) -> dict[str, list[Appendix]]:
        return cast("dict[str, list[Appendix]]", self.data["appendices"])

    def clear_doc(self, docname: str) -> None:
        self.places.pop(docname, None)
        self.appendices.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            for name in ("places", "appendices"):
                if docname in otherdata[name]:
                    self.data[name][docname] = otherdata[name][docname]

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """The ``any`` role finds entries by key (citations are ``render``'s)."""
        catalogue = current_catalogue(env)
        entry = catalogue.by_key.get(target)
        if entry is None or catalogue.appendix is None:
            return []
        uri = internal_uri(builder, fromdocname, catalogue.appendix.docname, entry.anchor)
        link = nodes.reference("", "", contnode, internal=True, refuri=uri, reftitle=entry.title)
        return [("related:cite", link)]

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Entries for ``objects.inv`` (intersphinx), at priority -1: not among the search
        index's objects, which would repeat the words of the pages that list them and
        make the index half as big again on a long reading list."""
        catalogue = current_catalogue(self.env)
        if catalogue.appendix is not None:
            for entry in catalogue.entries:
                page = catalogue.appendix.docname
                yield (entry.key, entry.title, "entry", page, entry.anchor, -1)


def get_domain(env: BuildEnvironment) -> RelatedReadingDomain:
    return cast("RelatedReadingDomain", env.domains["related"])
