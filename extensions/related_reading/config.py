"""Configuration values, all prefixed ``related_reading_``, checked before anything is built."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from sphinx.errors import ConfigError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


#: Query parameters that only track readers (shell-style patterns).
_TRACKING: tuple[str, ...] = ("utm_*", "gclid", "gbraid", "wbraid", "dclid", "fbclid")
_TRACKING += ("msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "_gl")
#: Name -> (default, what a change rebuilds). The extension's README documents each.
DEFAULTS: dict[str, tuple[Any, Literal["env", "html"]]] = {
    "related_reading_allowed_schemes": (("https", "http"), "env"),
    "related_reading_tracking_params": (_TRACKING, "env"),
    "related_reading_export": ("related-reading.json", "html"),
    "related_reading_separator": (" \u203a ", "env"),
    "related_reading_backrefs_label": ("Cited in:", "env"),
    "related_reading_page_label": ("p.\u00a0", "env"),
    "related_reading_latex_backrefs_label": ("Cited on", "env"),
    "related_reading_latex_lists": ("full", "env"),
    "related_reading_latex_list_label": ("Sources for this page:", "env"),
}

#: Schemes that run code in the reader's browser: never allowed, whatever the config says.
_NEVER = frozenset({"javascript", "vbscript", "data"})
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*")
#: A file in the output folder: no folder, no leading dot, ending in ".json".
_EXPORT = re.compile(r"[\w\-][\w.\-]*\.json")


def register_config(app: Sphinx) -> None:
    for name, (default, rebuild) in DEFAULTS.items():
        types = frozenset({str} if isinstance(default, str) else {list, tuple})
        app.add_config_value(name, default, rebuild, types=types)


def check_config(_app: Sphinx, config: Config) -> None:
    """``config-inited``: a value that would do harm later stops the build now."""
    for name, (default, _rebuild) in DEFAULTS.items():
        value = getattr(config, name)
        if isinstance(default, str) and not isinstance(value, str):
            raise ConfigError(f"{name} must be a string, not {value!r}")
        if isinstance(default, tuple) and not (
            isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)
        ):
            raise ConfigError(f"{name} must be a list of strings, not {value!r}")
    for scheme in config.related_reading_allowed_schemes:
        if not _SCHEME.fullmatch(scheme) or scheme in _NEVER:
            raise ConfigError(
                f"related_reading_allowed_schemes cannot allow {scheme!r}: give schemes in "
                "lower case, such as 'https' (javascript, vbscript and data run code in the "
                "reader's browser)"
            )
    if config.related_reading_export and not _EXPORT.fullmatch(config.related_reading_export):
        raise ConfigError(
            f"related_reading_export = {config.related_reading_export!r}: give a file name "
            "ending in '.json' and without folders, such as 'related-reading.json' (it is "
            "written into the output folder, beside index.html), or '' for no export"
        )
    if config.related_reading_latex_lists not in {"full", "numbers"}:
        raise ConfigError("related_reading_latex_lists must be 'full' or 'numbers'")
