"""Configuration values, all prefixed ``related_reading_``, with their defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from sphinx.config import ENUM

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = ["DEFAULTS", "register_config", "tracking_params"]

#: Name -> (default, rebuild, types or allowed values). Documented in the extension's README.
DEFAULTS: dict[str, tuple[object, Literal["env", "html"], Any]] = {
    # Schemes a related-reading link may use; anything else is never rendered as a link.
    "related_reading_allowed_schemes": (("https", "http"), "env", (tuple, list)),
    # Query parameters removed from URLs (shell-style patterns, case-insensitive).
    "related_reading_tracking_params": (
        (
            "utm_*",
            "gclid",
            "gbraid",
            "wbraid",
            "dclid",
            "fbclid",
            "msclkid",
            "mc_cid",
            "mc_eid",
            "igshid",
            "yclid",
            "_ga",
            "_gl",
        ),
        "env",
        (tuple, list),
    ),
    # File name of the JSON export in the HTML output; "" turns the export off.
    "related_reading_export": ("related-reading.json", "html", (str,)),
    # Between a page title and a section title in back references.
    "related_reading_separator": (" \u203a ", "env", (str,)),
    # Words in front of the back references of an entry.
    "related_reading_backrefs_label": ("Cited in:", "env", (str,)),
    # In LaTeX: the text between an entry number and its page ("[3, p. 7]").
    "related_reading_page_label": ("p.\u00a0", "env", (str,)),
    # In LaTeX: the words before an entry's page numbers in the appendix ("Cited on p. 2, 4").
    "related_reading_latex_backrefs_label": ("Cited on", "env", (str,)),
    # In LaTeX: "full" prints each page's list as written; "numbers" prints it as the
    # entries' numbers and pages, since the appendix prints the details once.
    "related_reading_latex_lists": ("full", "env", ENUM("full", "numbers")),
    # In LaTeX, with "numbers": the words before them.
    "related_reading_latex_list_label": ("Sources for this page:", "env", (str,)),
}


def register_config(app: Sphinx) -> None:
    for name, (default, rebuild, types) in DEFAULTS.items():
        app.add_config_value(name, default, rebuild, types)


def tracking_params(config: Config) -> tuple[str, ...]:
    return tuple(config.related_reading_tracking_params)
