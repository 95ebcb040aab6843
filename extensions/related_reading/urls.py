"""URL and key handling: what makes two links "the same entry", and stable keys.

Pure functions with no Sphinx imports, so they can be tested (and fuzzed) on their own.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

__all__ = [
    "CleanUrl",
    "clean_url",
    "clear_url_cache",
    "derive_key",
    "normalize_key",
    "url_scheme",
]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}
_NOT_KEY = re.compile(r"[^a-z0-9]+")
#: Characters that never need percent-encoding in a path (RFC 3986 unreserved + sub-delims + ":@/").
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def url_scheme(url: str) -> str | None:
    """The URL's scheme in lower case, or None for relative and internal links."""
    match = _SCHEME.match(url.strip())
    return match.group(1).lower() if match else None


@dataclass(frozen=True, slots=True)
class CleanUrl:
    """A URL ready to link to, and the identity that decides which entry it belongs to."""

    #: What the page links to: the author's URL without tracking parameters.
    url: str
    #: Canonical form for comparison: case, default ports, trailing slashes, query order.
    identity: str
    #: Tracking parameters that were removed (names only), in the order they appeared.
    removed: tuple[str, ...]


@lru_cache(maxsize=8)
def _tracking_matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regular expression for all the shell-style patterns."""
    if not patterns:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile("|".join(f"(?:{translate(p.lower())})" for p in patterns), re.IGNORECASE)


def _is_tracking(name: str, patterns: tuple[str, ...]) -> bool:
    return _tracking_matcher(patterns).match(name) is not None


def _normalize_percent(text: str, safe: str) -> str:
    """Decode, then re-encode: ``%7e`` and ``~`` and ``%7E`` all become ``~``."""
    return quote(unquote(text), safe=safe)


#: ``clean_url``'s results, as plain tuples of strings: CPython's garbage collector stops
#: tracking those, where ``functools.lru_cache`` adds a tracked list per entry. The
#: cache lives while pages are read (``clear_url_cache``).
_CLEANED: dict[tuple[str, tuple[str, ...]], tuple[str, str, tuple[str, ...]]] = {}
_CACHE_SIZE = 4096


def clean_url(url: str, tracking_params: tuple[str, ...] = ()) -> CleanUrl:
    """Strip tracking parameters and compute the URL's identity.

    ``tracking_params`` are shell-style patterns matched case-insensitively against query
    parameter names (``utm_*``, ``gclid``). The identity lower-cases scheme and host, drops
    default ports and a path's trailing slash, sorts the query and normalises
    percent-encoding, so that trivially different spellings of one address are one entry.
    The fragment is kept: two sections of one page can be two entries. Cached: the
    point of related reading is that pages list the same sources.
    """
    cached = _CLEANED.get((url, tracking_params))
    if cached is None:
        if len(_CLEANED) >= _CACHE_SIZE:
            _CLEANED.clear()
        cached = _CLEANED[(url, tracking_params)] = _clean(url.strip(), tracking_params)
    return CleanUrl(*cached)


def clear_url_cache() -> None:
    """Forget ``clean_url``'s results (once pages are read, nothing asks again)."""
    _CLEANED.clear()


def _clean(url: str, tracking_params: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
    """``clean_url``'s fields, as a plain tuple."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # e.g. an invalid port or IPv6 literal: compare the text as given
        return (url, url, ())

    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not _is_tracking(k, tracking_params)]
    removed = tuple(k for k, _v in pairs if _is_tracking(k, tracking_params))
    query = urlencode(kept, doseq=True) if removed else parts.query
    linked = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))

    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host
    if parts.username or parts.password:
        netloc = f"{parts.username or ''}:{parts.password or ''}@{host}"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    path = _normalize_percent(parts.path, _PATH_SAFE).rstrip("/") or "/"
    identity_query = urlencode(sorted(kept), doseq=True)
    fragment = _normalize_percent(parts.fragment, _PATH_SAFE + "?")
    identity = urlunsplit((scheme, netloc, path, identity_query, fragment))
    return (linked, identity, removed)


def normalize_key(raw: str) -> str:
    """Canonical spelling of an entry key: lower-case ASCII letters and digits joined by ``-``.

    ``Feder 2014``, ``feder_2014`` and ``FEDER-2014`` are one key. Returns ``""`` when
    nothing usable is left (the caller warns).
    """
    ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii")
    return _NOT_KEY.sub("-", ascii_text.lower()).strip("-")


def derive_key(identity: str) -> str:
    """A key for an entry the author did not name: readable, and stable for its URL.

    Built from the host and path (so authors recognise it) plus a short hash of the
    whole identity (so two URLs never share a key), it depends on nothing but the URL:
    adding or removing other entries never changes it.
    """
    parts = urlsplit(identity)
    readable = normalize_key(f"{parts.hostname or ''} {parts.path}")
    readable = readable.removeprefix("www-")[:40].rstrip("-") or "link"
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:6]
    return f"{readable}-{digest}"
