"""URLs and keys: which links may be written, which are one source, stable keys. Pure
functions, without Sphinx, so that they can be tested (and fuzzed) on their own."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_CONTROL = re.compile("[\x00-\x1f\x7f]")
#: Schemes whose URLs name a host (the WHATWG URL standard's "special" schemes but file),
#: and their default ports.
_DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21, "ws": 80, "wss": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
#: What a URL may hold as it is: RFC 3986's reserved and unreserved characters, and "%".
_URL_CHARACTERS = "!#$&'()*+,/:;=?@[]-._~%"
_NOT_KEY = re.compile(r"[^a-z0-9]+")


def browser_form(url: str) -> str:
    """The URL as a browser reads it (WHATWG URL standard): C0 controls and spaces
    stripped from both ends, tabs and newlines removed, so that ``"\\x01java\\tscript:"``
    is ``javascript:`` to the scheme check too."""
    return re.sub("[\t\n\r]", "", url).strip("".join(map(chr, range(0x21))))


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see, in lower case; ``None`` for a relative link."""
    match = _SCHEME.match(browser_form(url))
    return match.group(1).lower() if match else None


@dataclass(frozen=True, slots=True)
class CleanUrl:
    url: str  # what the page links to: as a browser reads it, without tracking parameters
    identity: str  # which entry it belongs to: RFC 3986's normal form (``clean_url``)
    removed: tuple[str, ...]  # the names of the tracking parameters removed


@lru_cache(maxsize=8)
def _tracking_matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regular expression for the shell-style patterns."""
    return re.compile("|".join(f"(?:{translate(p)})" for p in patterns) or "(?!)", re.I)


def _normalize(text: str) -> str:
    """RFC 3986's percent-encoding normalisation (6.2.2.1-2): characters a URL cannot
    hold as they are (spaces, non-ASCII) encoded as UTF-8, as browsers send them;
    escapes of unreserved characters decoded; every other escape kept, in upper case.
    ``%2F`` stays ``%2F`` (it is not a ``/``) and ``%E9`` stays ``%E9`` (not UTF-8)."""
    return _ESCAPE.sub(_one_escape, quote(text, safe=_URL_CHARACTERS, errors="surrogatepass"))


def _one_escape(match: re.Match[str]) -> str:
    char = chr(int(match[1], 16))
    return char if char in _UNRESERVED else match[0].upper()


def _remove_dot_segments(path: str) -> str:
    """RFC 3986, 5.2.4: ``/a/./b/../c`` is ``/a/c``."""
    segments = path.split("/")
    output: list[str] = []
    for index, segment in enumerate(segments):
        if segment == "..":
            if len(output) > 1 or (output and output[0]):
                output.pop()
        elif segment != ".":
            output.append(segment)
            continue
        if index == len(segments) - 1:  # "/a/b/.." is "/a/": the path still ends in "/"
            output.append("")
    return "/".join(output)


def clean_url(url: str, tracking_params: tuple[str, ...] = ()) -> CleanUrl:
    """Remove tracking parameters (shell-style patterns, matched case-insensitively
    against the query's parameter names) and compute the URL's identity.

    The identity follows RFC 3986's normalisation, which never changes where a URL
    points: scheme and host in lower case, default ports removed, percent-encoding
    normalised (``_normalize``), dot-segments removed; the query's parameters keep their
    bytes. On purpose, a trailing ``/`` is ignored and the query's parameters are
    compared sorted, without empty ones. The fragment is kept: two sections of a page
    can be two entries. Raises ``ValueError`` with the reason when the URL cannot be a
    link (no scheme or host, a port out of range, control characters).
    """
    url = browser_form(url)
    if _CONTROL.search(url):
        raise ValueError("it contains control characters")
    parts = urlsplit(url)  # raises ValueError on a broken IPv6 address
    scheme = parts.scheme.lower()
    if not _SCHEME.match(url):
        raise ValueError("it is not a full address with a scheme, such as https:")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("its port is not a number from 0 to 65535") from None
    if scheme in _DEFAULT_PORTS and not parts.hostname:
        raise ValueError(f"it names no host: write it as {scheme}://host/path")

    # The query, split as written: kept parameters keep their bytes and their order.
    base, hash_sign, fragment = url.partition("#")
    before, question_mark, query = base.partition("?")
    matcher = _tracking_matcher(tuple(tracking_params))
    kept: list[str] = []
    removed: list[str] = []
    for parameter in query.split("&") if question_mark else []:
        name = unquote(parameter.partition("=")[0])
        if parameter and matcher.fullmatch(name):
            removed.append(name)
        else:
            kept.append(parameter)
    if removed:
        url = before + ("?" + "&".join(kept) if kept else "") + hash_sign + fragment

    host = parts.hostname or ""
    host = _ESCAPE.sub(lambda m: m.group(0).upper(), _normalize(host).lower())
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    userinfo, at, _hostport = parts.netloc.rpartition("@")
    netloc = _normalize(userinfo) + at + host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    authority = f"//{netloc}" if parts.netloc or scheme in _DEFAULT_PORTS else ""
    path = _remove_dot_segments(_normalize(parts.path)).rstrip("/") or (authority and "/")
    identity = f"{scheme}:{authority}{path}"
    if query_form := "&".join(sorted(_normalize(p) for p in kept if p)):
        identity += f"?{query_form}"
    identity += f"#{_normalize(fragment)}" if fragment else ""
    return CleanUrl(url=url, identity=identity, removed=tuple(removed))


def normalize_key(raw: str) -> str:
    """A key's canonical spelling: lower-case ASCII letters and digits joined by ``-``
    (``Feder 2014`` is ``feder-2014``, ``Café`` is ``cafe``), or ``""`` (the caller
    warns): keys become parts of web addresses and LaTeX labels."""
    ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii")
    return _NOT_KEY.sub("-", ascii_text.lower()).strip("-")


def derive_key(identity: str, digits: int = 6) -> str:
    """A key for an entry the author did not name, from nothing but its URL: the host
    and path (for people to recognise) and ``digits`` hex digits of a hash. Two URLs can
    still share it (most often one page with two queries): the catalogue then gives one
    of them the longer form, ``derive_key(identity, 12)``."""
    parts = urlsplit(identity)
    readable = normalize_key(f"{parts.hostname or ''} {parts.path}")
    readable = readable.removeprefix("www-")[:40].rstrip("-") or "link"
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:digits]
    return f"{readable}-{digest}"
