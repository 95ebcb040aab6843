"""Configuration values, all prefixed ``related_reading_``, checked before anything is built."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from sphinx.errors import ConfigError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

__all__ = ["DEFAULTS", "check_config", "register_config"]

#: Name -> (default, what a change rebuilds). Documented in the extension's README.
DEFAULTS: dict[str, tuple[Any, Literal["env", "html"]]] = {
    # Schemes a related-reading link may use; anything else is never rendered as a link.
    "related_reading_allowed_schemes": (("https", "http"), "env"),
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
    ),
    # File name of the JSON export in the HTML output; "" turns the export off.
    "related_reading_export": ("related-reading.json", "html"),
    # Between a page title and a section title in back links.
    "related_reading_separator": (" \u203a ", "env"),
    # Words in front of an entry's back links.
    "related_reading_backrefs_label": ("Cited in:", "env"),
    # In LaTeX: between an entry number and its page ("[3, p. 7]").
    "related_reading_page_label": ("p.\u00a0", "env"),
    # In LaTeX: the words before an entry's page numbers in the appendix ("Cited on p. 2, 4").
    "related_reading_latex_backrefs_label": ("Cited on", "env"),
    # In LaTeX: "full" prints each page's list as written; "numbers" as its entries'
    # numbers and pages, since the appendix prints every source in full.
    "related_reading_latex_lists": ("full", "env"),
    # In LaTeX, with "numbers": the words before them.
    "related_reading_latex_list_label": ("Sources for this page:", "env"),
}

#: Schemes that run code in the reader's browser: never allowed, whatever the config says.
_NEVER_SAFE = frozenset({"javascript", "vbscript", "data"})
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*")
#: A file name in the output folder: no folder, no leading dot, ending in ".json".
_EXPORT = re.compile(r"[\w\-][\w.\-]*\.json")


def register_config(app: Sphinx) -> None:
    for name, (default, rebuild) in DEFAULTS.items():
        types = frozenset({str} if isinstance(default, str) else {list, tuple})
        app.add_config_value(name, default, rebuild, types=types)


def _strings(config: Config, name: str) -> list[str]:
    value = getattr(config, name)
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise ConfigError(f"{name} must be a list of strings, not {value!r}")
    if not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{name} must be a list of strings, not {value!r}")
    return list(value)


def check_config(_app: Sphinx, config: Config) -> None:
    """Stop at start-up, with a clear message, on a value that would do harm later."""
    for scheme in _strings(config, "related_reading_allowed_schemes"):
        if not _SCHEME.fullmatch(scheme) or scheme in _NEVER_SAFE:
            raise ConfigError(
                f"related_reading_allowed_schemes: {scheme!r} cannot be allowed; give URL "
                "schemes in lower case, such as 'https' (javascript, vbscript and data run "
                "code in the reader's browser and are never allowed)"
            )
    _strings(config, "related_reading_tracking_params")
    for name in DEFAULTS:
        if isinstance(DEFAULTS[name][0], str) and not isinstance(getattr(config, name), str):
            raise ConfigError(f"{name} must be a string, not {getattr(config, name)!r}")
    export = config.related_reading_export
    if export and not _EXPORT.fullmatch(export):
        raise ConfigError(
            f"related_reading_export = {export!r}: give a file name ending in '.json', "
            "such as 'related-reading.json', without folders (it is written into the "
            "output folder, beside index.html), or '' for no export"
        )
    if config.related_reading_latex_lists not in {"full", "numbers"}:
        raise ConfigError(
            "related_reading_latex_lists must be 'full' or 'numbers', "
            f"not {config.related_reading_latex_lists!r}"
        )
