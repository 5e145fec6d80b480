"""ui/speed.py: the process-wide settings that keep a click quick."""

import socket

import pytest

from ui import speed


@pytest.mark.skipif(not speed.os.path.isdir("/proc/self/fd"), reason="TCP_NODELAY is set through /proc (Linux)")
def test_connections_accepted_after_send_at_once_send_without_delay(monkeypatch):
    """Streamlit's server makes its listening socket as this one (no protocol named), so asyncio leaves
    Nagle's algorithm on; after send_at_once, a connection it accepts has TCP_NODELAY, as does one already open."""
    monkeypatch.setattr(speed, "_nodelay", False)
    listener = socket.socket(family=socket.AF_INET)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    early_client = socket.create_connection(listener.getsockname())
    early, _ = listener.accept()
    assert early.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0   # as Streamlit's are
    speed.send_at_once()
    late_client = socket.create_connection(listener.getsockname())
    late, _ = listener.accept()
    try:
        assert late.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        assert early.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        early.sendall(b"still open")   # the sockets it touched are not closed
        assert early_client.recv(16) == b"still open"
    finally:
        for s in (listener, early_client, early, late_client, late):
            s.close()


def test_send_at_once_runs_once_per_process(monkeypatch):
    monkeypatch.setattr(speed, "_nodelay", True)
    listed = []
    monkeypatch.setattr(speed.os, "listdir", lambda path: listed.append(path) or [])
    speed.send_at_once()
    assert listed == []
