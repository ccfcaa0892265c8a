"""Fetching from other people's servers, bounded and hostile-proof: the
helpers that ``homepage-citations`` and ``homepage-papers`` share.

A download meets one overall deadline, a body (once decompressed) one size
cap; JSON must be UTF-8 without a byte-order mark and not nested too deeply;
XML may declare no entities. Every failure is a :class:`CommandError`, which
the commands print as one line on stderr. Remote text is printed through
:func:`shown`, never as it came.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import time
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from typing import Any, TextIO
from xml.etree import ElementTree

import httpx

#: The most bytes a response may have once decompressed (a gs_data.json of a
#: few hundred papers is well under 1 MB); a gzip bomb stops here.
MAX_BODY_BYTES = 20_000_000

OPENALEX_API = "https://api.openalex.org"
#: Most pages of 100 works read from OpenAlex; a personal profile needs one.
OPENALEX_MAX_PAGES = 20


class CommandError(Exception):
    """A failure to report as one line, leaving the command's files untouched."""


def shown(text: str, limit: int = 200) -> str:
    """Remote text safe to print on one line: no control or format characters
    (no ANSI escapes, no line breaks that would start a GitHub Actions
    ``::command``), white space collapsed, at most *limit* characters."""
    text = "".join(
        " " if unicodedata.category(c).startswith("C") else c for c in str(text)
    )
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def expect_object(value: Any, what: str, where: str) -> dict:
    if not isinstance(value, dict):
        raise CommandError(f"malformed payload from {where}: {what} must be an object")
    return value


# -- Fetching ---------------------------------------------------------------


def _decoded(response: httpx.Response, chunks: Iterator[bytes], where: str) -> bytes:
    """The body of *response* from its raw *chunks*, decompressed by hand so
    that no more than :data:`MAX_BODY_BYTES` is ever held (httpx would inflate
    a whole chunk of a gzip bomb at once)."""
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        # 47: gzip or zlib header, detected; raw deflate is tried below.
        inflater = zlib.decompressobj(47 if encoding != "deflate" else 15)
    elif encoding in ("", "identity"):
        inflater = None
    else:
        raise CommandError(f"malformed payload from {where}: encoded as {encoding!r}")
    body = bytearray()
    too_big = CommandError(
        f"malformed payload from {where}: larger than {MAX_BODY_BYTES:,} bytes"
    )
    for chunk in chunks:
        if inflater is None:
            body += chunk
        else:
            data = chunk
            try:
                while data:
                    body += inflater.decompress(data, MAX_BODY_BYTES + 1 - len(body))
                    if len(body) > MAX_BODY_BYTES:
                        raise too_big
                    data = inflater.unconsumed_tail
            except zlib.error:
                raise CommandError(
                    f"malformed payload from {where}: not {encoding} data"
                ) from None
        if len(body) > MAX_BODY_BYTES:
            raise too_big
    return bytes(body)


def get_json(
    client: httpx.Client,
    url: str,
    params: dict | None = None,
    deadline: float | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """GET *url* and decode its JSON; any failure is a :class:`CommandError`."""
    return parse_json(get_body(client, url, params, deadline, headers), shown(url))


def get_body(
    client: httpx.Client,
    url: str,
    params: dict | None = None,
    deadline: float | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    """GET *url* and return its body; any failure is a :class:`CommandError`.

    *deadline* (a :func:`time.monotonic` value) bounds the whole download, not
    each read: a server that sends one byte a second is cut off too.
    """
    shown_url = shown(url)  # never the query, which may carry an API key
    if deadline is None:
        deadline = time.monotonic() + (client.timeout.read or 30.0)

    def raw_chunks(response: httpx.Response) -> Iterator[bytes]:
        for chunk in response.iter_raw():
            yield chunk
            if time.monotonic() > deadline:
                raise CommandError(f"timed out fetching {shown_url}")

    try:
        with client.stream(
            "GET",
            url,
            params=params,
            headers={**(headers or {}), "Accept-Encoding": "gzip, deflate"},
        ) as response:
            if response.is_error:
                pass
            elif response.is_stream_consumed:  # an in-memory body, read already
                body = response.content
                if len(body) > MAX_BODY_BYTES:
                    raise CommandError(
                        f"malformed payload from {shown_url}: larger than "
                        f"{MAX_BODY_BYTES:,} bytes"
                    )
            else:
                body = _decoded(response, raw_chunks(response), shown_url)
    except httpx.TimeoutException:
        raise CommandError(f"timed out fetching {shown_url}") from None
    except httpx.HTTPError as error:
        raise CommandError(f"cannot fetch {shown_url}: {shown(error)}") from None
    if response.status_code == 429:
        retry_after = response.headers.get("Retry-After", "").strip()
        when = ""
        if retry_after.isdigit():
            when = f"; retry after {retry_after} seconds"
        elif retry_after:
            when = f"; retry after {retry_after}"
        raise CommandError(f"rate limited by {shown_url} (HTTP 429){shown(when)}")
    if response.is_error:
        raise CommandError(
            f"HTTP {response.status_code} {shown(response.reason_phrase)} "
            f"from {shown_url}"
        )
    return body


def parse_json(body: bytes | str, where: str) -> Any:
    """JSON text as data; any failure, deep nesting too, is a :class:`CommandError`.

    Bytes must be UTF-8, and text from a file or a URL alike may not start
    with a byte-order mark (``json.loads`` refuses one in text but would
    skip one in bytes).
    """
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise CommandError(f"malformed payload from {where}: not UTF-8") from None
    if body.startswith("\ufeff"):
        raise CommandError(
            f"malformed payload from {where}: starts with a byte-order mark"
        )
    try:
        return json.loads(body)
    except RecursionError:
        raise CommandError(
            f"malformed payload from {where}: JSON nested too deeply"
        ) from None
    except ValueError:
        raise CommandError(f"malformed payload from {where}: not JSON") from None


#: What XML from a server may not hold: a document type with declarations of
#: its own, or an entity (the "billion laughs" and external entities).
_XML_DECLARATIONS = re.compile(rb"<!(?:ENTITY|DOCTYPE[^>]*\[)", re.IGNORECASE)


def parse_xml(body: bytes, where: str, root: str) -> ElementTree.Element:
    """XML as an element tree whose root is *root*; any failure (HTML, a
    declared entity, broken XML, another root) is a :class:`CommandError`."""
    if body.startswith(b"\xef\xbb\xbf"):
        raise CommandError(
            f"malformed payload from {where}: starts with a byte-order mark"
        )
    if _XML_DECLARATIONS.search(body):
        raise CommandError(
            f"malformed payload from {where}: XML that declares entities; refused"
        )
    try:
        element = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise CommandError(f"malformed payload from {where}: not XML") from None
    if element.tag != root:
        raise CommandError(
            f"malformed payload from {where}: <{shown(element.tag, 40)}>, not <{root}>"
        )
    return element


# -- OpenAlex ---------------------------------------------------------------


def openalex_author_id(author_id: str) -> str:
    """The ``A…`` id of an OpenAlex author id or its URL."""
    match = re.fullmatch(r"(?:https://openalex\.org/)?(A\d+)", author_id.strip())
    if not match:
        raise CommandError(f"not an OpenAlex author id: {author_id!r}")
    return match.group(1)


def openalex_works(
    client: httpx.Client,
    author_id: str,
    api_key: str | None = None,
    deadline: float | None = None,
) -> list[Any]:
    """Every work OpenAlex lists for author *author_id* (``A…``), page by page
    (at most :data:`OPENALEX_MAX_PAGES`); each still to be checked."""
    key = {"api_key": api_key} if api_key else {}
    works_url = f"{OPENALEX_API}/works"
    works: list[Any] = []
    cursor = "*"
    for _page in range(OPENALEX_MAX_PAGES):
        page = expect_object(
            get_json(
                client,
                works_url,
                params={
                    "filter": f"author.id:{author_id}",
                    "per_page": "100",
                    "cursor": cursor,
                    **key,
                },
                deadline=deadline,
            ),
            "the works list",
            works_url,
        )
        results = page.get("results")
        if not isinstance(results, list):
            raise CommandError(
                f"malformed payload from {works_url}: 'results' must be a list"
            )
        works += results
        cursor = expect_object(page.get("meta", {}), "'meta'", works_url).get(
            "next_cursor"
        )
        if cursor is not None and not isinstance(cursor, str):
            raise CommandError(
                f"malformed payload from {works_url}: 'next_cursor' must be text"
            )
        if not results or not cursor:
            break
    return works


#: A command's exit status when it failed (nothing was written).
FAILED = 1

#: What a command does with its arguments, one HTTP client and today's date,
#: printing to the stream; it returns the exit status.
CommandRun = Callable[[argparse.Namespace, httpx.Client, datetime.date, TextIO], int]


def run_command(
    prog: str,
    purpose: str,
    args: argparse.Namespace,
    run: CommandRun,
    *,
    transport: httpx.BaseTransport | None = None,
    today: datetime.date | None = None,
) -> int:
    """Run a fetching command (homepage-citations, homepage-papers) with one
    client bounded by ``args.timeout``: a :class:`CommandError` is one stderr
    line and :data:`FAILED`. *transport* and *today* let tests replace the
    world."""
    today = today or datetime.datetime.now(datetime.UTC).date()
    try:
        with httpx.Client(
            transport=transport,
            timeout=args.timeout,
            follow_redirects=True,
            headers={"User-Agent": f"{prog} ({purpose})"},
        ) as client:
            return run(args, client, today, sys.stdout)
    except CommandError as error:
        print(f"{prog}: error: {error}", file=sys.stderr)
        return FAILED
