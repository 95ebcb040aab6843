"""The ``related`` domain: every page's related reading as plain data.

Modelled on Sphinx's citation and todo domains: per-document records that
``clear_doc`` drops and ``merge_domaindata`` copies back from parallel readers, and
``resolve_xref`` for the forward links. The catalogue (numbered entries) is derived
from the records once per build, by :mod:`related_reading.incremental`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from sphinx.domains import Domain, ObjType
from sphinx.util.nodes import make_refnode

from .catalogue import Catalogue, build_catalogue
from .records import to_rows
from .roles import RelatedRole

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Set

    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

    from .records import AppendixRecord, Place, PlaceRow

__all__ = ["RelatedReadingDomain", "get_domain"]


class RelatedReadingDomain(Domain):
    """Holds ``records`` (docname -> list items and citations in document order, as
    ``records.PlaceRow``) and
    ``appendices`` (docname -> appendix directives); ``snapshots`` hold what each
    builder last rendered, for incremental builds."""

    name = "related"
    label = "Related reading"
    object_types: ClassVar = {"entry": ObjType("related reading entry", "cite")}
    roles: ClassVar = {"cite": RelatedRole()}
    initial_data: ClassVar[dict[str, Any]] = {
        "records": {},
        "appendices": {},
        "snapshots": {},
    }
    #: Bump when the shape of ``data`` changes: old environments are then discarded.
    data_version = 2

    #: Set per build by :func:`related_reading.incremental.refresh` (not pickled).
    catalogue: Catalogue = Catalogue()
    #: The current builder, its output format and a test for ``only`` conditions.
    builder: Builder | None = None
    builder_format: str = ""
    holds: Callable[[tuple[str, ...]], bool] = staticmethod(lambda _conditions: True)

    @property
    def records(self) -> dict[str, tuple[PlaceRow, ...]]:
        return cast("dict[str, tuple[PlaceRow, ...]]", self.data["records"])

    @property
    def appendices(self) -> dict[str, list[AppendixRecord]]:
        return cast("dict[str, list[AppendixRecord]]", self.data["appendices"])

    @property
    def snapshots(self) -> dict[str, dict[str, str]]:
        return cast("dict[str, dict[str, str]]", self.data["snapshots"])

    # -- collecting --------------------------------------------------------------

    def note_places(self, docname: str, places: Iterable[Place]) -> None:
        stored = to_rows(places)
        if stored:
            self.records[docname] = stored

    def note_appendix(self, record: AppendixRecord) -> None:
        self.appendices.setdefault(record.docname, []).append(record)

    def clear_doc(self, docname: str) -> None:
        self.records.pop(docname, None)
        self.appendices.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["records"]:
                self.records[docname] = otherdata["records"][docname]
            if docname in otherdata["appendices"]:
                self.appendices[docname] = otherdata["appendices"][docname]

    # -- the global view ----------------------------------------------------------

    def rebuild_catalogue(self, doc_order: Iterable[str]) -> Catalogue:
        def where(docname: str, lineno: int) -> str:
            return f"{self.env.doc2path(docname, base=False)}:{lineno}"

        self.catalogue = build_catalogue(
            self.records, self.appendices, doc_order, self.holds, where
        )
        return self.catalogue

    # -- resolving -----------------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == "place":  # a link to a place: "docname#anchor"
            docname, _sep, anchor = target.partition("#")
            return make_refnode(builder, fromdocname, docname, anchor, contnode)
        entry = self.catalogue.lookup(target)
        appendix = self.catalogue.appendix
        if entry is None or appendix is None:
            return None
        return make_refnode(
            builder, fromdocname, appendix.docname, entry.anchor, contnode, entry.title
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.resolve_xref(env, fromdocname, builder, "cite", target, node, contnode)
        return [("related:cite", found)] if found is not None else []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Every entry, for the inventory (``objects.inv``): other projects can link to
        entries with intersphinx. Priority -1 keeps them out of the search index: readers
        find a source by its words on the appendix page and the pages that list it, and
        a result per matching key would only repeat those, while making the index that
        every search downloads half as big again on a large reading list."""
        appendix = self.catalogue.appendix
        if appendix is None:
            return
        for entry in self.catalogue.entries:
            yield (entry.key, entry.title, "entry", appendix.docname, entry.anchor, -1)


def get_domain(env: BuildEnvironment) -> RelatedReadingDomain:
    return cast("RelatedReadingDomain", env.domains["related"])
