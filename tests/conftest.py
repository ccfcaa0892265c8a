"""Shared fixtures: the site is built once per session, with sockets blocked."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SiteBuild, build_site

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"

pytest_plugins = ["sphinx.testing.fixtures"]


class NetworkAccessError(RuntimeError):
    """Raised when code under test opens a network connection."""


@pytest.fixture(scope="session")
def no_network() -> Iterator[None]:
    """Make every outgoing connection fail loudly for the fixture's lifetime."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkAccessError(f"network access attempted: {args!r}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, no_network: None) -> SiteBuild:
    """The real site, built once with ``-n -W`` and no network."""
    return build_site(DOCS, tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where the extension tests' small Sphinx projects live (``tests/roots``)."""
    return Path(__file__).parent / "roots"
