"""related_reading: every page's related reading, gathered into one cross-referenced
appendix. Pages list their sources with the ``related-reading`` directive and cite them
with the ``related`` role; one page holds ``related-reading-appendix``. See README.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .builders import add_files, copy_latex_package, link_stylesheet, write_export
from .collect import CollectPlaces
from .config import check_config, register_config
from .domain import RelatedReadingDomain
from .global_step import on_env_get_updated, on_env_updated
from .markup import RelatedReading, RelatedReadingAppendix, RelatedRole
from .nodes import register_nodes
from .render import RenderRelatedReading

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["__version__", "setup"]

__version__ = "1.0.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    register_config(app)
    register_nodes(app)
    app.add_domain(RelatedReadingDomain)
    app.add_directive("related-reading", RelatedReading)
    app.add_directive("related-reading-appendix", RelatedReadingAppendix)
    app.add_role("related", RelatedRole())
    app.add_transform(CollectPlaces)
    app.add_post_transform(RenderRelatedReading)
    app.connect("config-inited", check_config)
    app.connect("env-updated", on_env_updated)
    app.connect("env-get-updated", on_env_get_updated)
    app.connect("write-started", add_files)
    app.connect("html-page-context", link_stylesheet)
    app.connect("build-finished", copy_latex_package)
    app.connect("build-finished", write_export)
    return {
        "version": __version__,
        # Bump when what the extension keeps in the environment changes shape.
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
