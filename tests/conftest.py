"""Shared fixtures. Tests never reach the network: outbound sockets are refused below."""

from __future__ import annotations

import socket

import pytest

from assistant.ladder import load_ladder
from assistant.settings import get_settings

_real_connect = socket.socket.connect
LOOPBACK = ("127.", "::1", "localhost")


def _guarded_connect(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith(LOOPBACK) or self.family == socket.AF_UNIX):
        return _real_connect(self, address)
    raise RuntimeError(f"tests must not reach the network (tried {address!r})")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Block every non-loopback connection, whatever library tries it."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    yield


@pytest.fixture(autouse=True)
def offline_env(monkeypatch, tmp_path):
    """Each test starts from the offline backend with its own data folder."""
    for name in ("OPENAI_API_KEY", "NEXTSTEP_MODEL", "NEXTSTEP_BASE_URL", "OPENAI_BASE_URL",
                 "DATABASE_URL", "NEXTSTEP_LADDER_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NEXTSTEP_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def ladder():
    return load_ladder()


@pytest.fixture
def files(monkeypatch):
    """Every file an app download button offers, by file name (built on demand, as on a click)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return real(self, data_callable, mimetype, coordinates, file_name=file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made
