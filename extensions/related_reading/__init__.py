"""related_reading: every page's related reading, gathered into one cross-referenced appendix.

Pages list their sources with the ``related-reading`` directive and cite them in text
with the ``related`` role; one page holds ``related-reading-appendix``. See README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import export, incremental, latex
from .config import register_config
from .directives import RelatedReading, RelatedReadingAppendix
from .domain import RelatedReadingDomain
from .nodes import register_nodes
from .roles import RelatedRole
from .transforms import CollectPlaces, RenderRelatedReading

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__all__ = ["__version__", "setup"]

__version__ = "1.0.0"

#: Bump when what the extension stores in the environment changes shape.
ENV_VERSION = 2

_STATIC = Path(__file__).with_name("static")


def _add_static_path(_app: Sphinx, config: Config) -> None:
    if str(_STATIC) not in config.html_static_path:
        config.html_static_path.append(str(_STATIC))


def setup(app: Sphinx) -> ExtensionMetadata:
    register_config(app)
    register_nodes(app)
    app.add_domain(RelatedReadingDomain)
    app.add_directive("related-reading", RelatedReading)
    app.add_directive("related-reading-appendix", RelatedReadingAppendix)
    app.add_role("related", RelatedRole())
    app.add_transform(CollectPlaces)
    app.add_post_transform(RenderRelatedReading)
    app.add_css_file("related-reading.css")
    app.add_latex_package(latex.PACKAGE)
    app.connect("config-inited", _add_static_path)
    app.connect("builder-inited", incremental.on_builder_inited)
    app.connect("env-get-updated", incremental.on_env_get_updated)
    app.connect("build-finished", export.on_build_finished)
    app.connect("build-finished", latex.on_build_finished)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
