"""Shared test set-up: no test may open a network connection.

vpnlint is offline by design; blocking ``socket`` here makes any accidental
network use (a schema $ref fetched over HTTP, a plugin phoning home) fail the
test that caused it instead of passing quietly.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
#: ../shared beside the checkout (as laid out for developers and in CI)
SHARED = REPO.parent / "shared"


class NetworkBlocked(RuntimeError):
    pass


def _refuse(*args, **kwargs):
    raise NetworkBlocked("vpnlint tests must not use the network")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
    yield
