"""URL identity, tracking parameters and keys (pure functions), with property tests."""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from related_reading.config import DEFAULTS
from related_reading.urls import clean_url, derive_key, normalize_key, url_scheme

TRACKING = DEFAULTS["related_reading_tracking_params"][0]
KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://Example.ORG/a", "https://example.org/a"),
        ("https://example.org/a/", "https://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
        ("https://example.org/%7euser", "https://example.org/~user"),
        ("https://example.org/a?utm_source=x&id=1", "https://example.org/a?id=1"),
        ("https://example.org", "https://example.org/"),
    ],
)
def test_same_source_same_identity(one: str, other: str) -> None:
    assert clean_url(one, TRACKING).identity == clean_url(other, TRACKING).identity


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://example.org/a", "http://example.org/a"),
        ("https://example.org/a", "https://example.org/b"),
        ("https://example.org/a#one", "https://example.org/a#two"),
        ("https://example.org/a?id=1", "https://example.org/a?id=2"),
        ("https://example.org:8443/a", "https://example.org/a"),
    ],
)
def test_different_sources_differ(one: str, other: str) -> None:
    assert clean_url(one, TRACKING).identity != clean_url(other, TRACKING).identity


def test_tracking_parameters_are_removed_and_named() -> None:
    cleaned = clean_url(
        "https://example.org/p?UTM_Source=news&id=3&fbclid=abc&gclid=1#top", TRACKING
    )
    assert cleaned.url == "https://example.org/p?id=3#top"
    assert cleaned.removed == ("UTM_Source", "fbclid", "gclid")


def test_url_without_tracking_is_linked_exactly_as_written() -> None:
    url = "https://Example.org/Path/?b=2&a=1"
    assert clean_url(url, TRACKING) == clean_url(url, TRACKING)
    assert clean_url(url, TRACKING).url == url
    assert clean_url(url, TRACKING).removed == ()


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("https://x.org", "https"),
        ("JavaScript:alert(1)", "javascript"),
        ("data:text/html,hi", "data"),
        ("file:///etc/passwd", "file"),
        ("other-page.md", None),
        ("#anchor", None),
        ("/absolute/path", None),
    ],
)
def test_url_scheme(url: str, scheme: str | None) -> None:
    assert url_scheme(url) == scheme


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Feder 2014", "feder-2014"),
        ("feder_2014", "feder-2014"),
        ("FEDER--2014", "feder-2014"),
        ("Café", "cafe"),
        ("---", ""),
        ("2014", "2014"),
    ],
)
def test_normalize_key(raw: str, key: str) -> None:
    assert normalize_key(raw) == key


def test_derived_key_is_readable_and_stable() -> None:
    identity = clean_url("https://www.ptsd.va.gov/understand_tx/meds_for_ptsd.asp").identity
    assert derive_key(identity) == "ptsd-va-gov-understand-tx-meds-for-ptsd-1b9d8f"


reasons: set[str] = set()


@given(st.text())
def test_clean_url_refuses_with_a_reason_or_is_idempotent(text: str) -> None:
    try:
        cleaned = clean_url(text, TRACKING)
    except ValueError as reason:
        reasons.add(str(reason).split(":")[0])
        return
    again = clean_url(cleaned.url, TRACKING)
    assert again.removed == ()
    assert again.identity == cleaned.identity
    assert clean_url(cleaned.identity, TRACKING).identity == cleaned.identity


@given(
    st.builds(
        "{}://{}/{}?{}".format,
        st.sampled_from(["http", "https", "HTTPS"]),
        st.from_regex(r"[a-z]{1,10}\.(org|com|gov)", fullmatch=True),
        st.text(alphabet="abc/-_.~%", max_size=20),
        st.text(alphabet="abc=&_", max_size=20),
    )
)
def test_identity_is_a_fixed_point(url: str) -> None:
    identity = clean_url(url, TRACKING).identity
    assert clean_url(identity, TRACKING).identity == identity


@given(st.text())
def test_keys_are_id_safe(text: str) -> None:
    key = normalize_key(text)
    assert key == "" or KEY.match(key)
    assert normalize_key(key) == key
    assert KEY.match(derive_key(text))
    assert KEY.match(derive_key(text, 12))


def identity(url: str) -> str:
    return clean_url(url, TRACKING).identity


def test_identity_follows_rfc_3986_and_never_changes_where_a_url_points() -> None:
    """Issue 17, defect 5: ``%2F`` was decoded to ``/`` (two files merged), non-UTF-8
    escapes merged and were rewritten when tracking parameters were removed, ``?flag``
    became ``?flag=``, and dot-segments were kept."""
    assert identity("https://x.org/a%2Fb") != identity("https://x.org/a/b")
    assert identity("https://x.org/file%E9") != identity("https://x.org/file%E8")
    assert identity("https://x.org/file%e9") == "https://x.org/file%E9"
    assert clean_url("https://x.org/file%E9?utm_source=x&q=%E8", TRACKING).url == (
        "https://x.org/file%E9?q=%E8"
    )
    assert clean_url("https://x.org/p?flag&utm_source=x", TRACKING).url == "https://x.org/p?flag"
    assert identity("https://x.org/p?flag") == "https://x.org/p?flag"
    assert identity("https://x.org/p?flag") != identity("https://x.org/p?flag=")
    assert identity("https://x.org/a/./b/../c") == identity("https://x.org/a/c")
    assert identity("https://x.org/a/%2e%2E/c") == identity("https://x.org/c")
    assert identity("https://x.org/%7e%41") == identity("https://x.org/~A")
    assert (
        identity("https://x.org/%3a")
        == identity("https://x.org/%3A")
        != identity("https://x.org/:")
    )


UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
segment = st.binary(min_size=1, max_size=6).filter(lambda b: b not in {b".", b".."})


@given(st.lists(segment, min_size=1, max_size=4), st.data())
def test_every_spelling_of_a_path_is_one_identity_with_the_same_bytes(
    segments: list[bytes], data: st.DataObject
) -> None:
    def spelled(raw: bytes) -> str:
        """One of the ways to write ``raw``: unreserved characters as they are or
        escaped, escapes in upper or lower case."""
        out = []
        for byte in raw:
            if chr(byte) in UNRESERVED and data.draw(st.booleans()):
                out.append(chr(byte))
            else:
                out.append(data.draw(st.sampled_from(["%{:02X}", "%{:02x}"])).format(byte))
        return "".join(out)

    one = identity("https://example.org/" + "/".join(map(spelled, segments)))
    other = identity("https://example.org/" + "/".join(map(spelled, segments)))
    assert one == other
    path = urlsplit(one).path.split("/")[1:]
    assert [unquote_to_bytes(part) for part in path] == segments


@given(st.text(alphabet="abc=&%2F0+", max_size=20))
def test_the_query_keeps_its_bytes(query: str) -> None:
    """Parameters are compared in sorted order; each keeps its bytes (``?flag`` is not
    ``?flag=``, ``+`` is not a space, ``%2F`` is not ``/``)."""
    found = urlsplit(identity(f"https://example.org/p?{query}")).query
    written = sorted(unquote_to_bytes(part) for part in query.split("&") if part)
    assert sorted(unquote_to_bytes(part) for part in found.split("&") if part) == written
