"""serving/speed.py: the process-wide settings that keep a click quick."""

import socket
import threading

import pytest

from serving import speed


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


def test_return_freed_memory_trims_in_a_thread_of_its_own_once_per_process(monkeypatch):
    calls, called = [], threading.Event()

    def fake_trim(pad):
        calls.append(pad)
        if len(calls) >= 2:
            called.set()

    monkeypatch.setattr(speed, "_trimming", False)
    monkeypatch.setattr(speed, "_malloc_trim", lambda: fake_trim)
    before = {t for t in threading.enumerate() if t.name == "return-freed-memory"}
    speed.return_freed_memory(every=0.01)
    speed.return_freed_memory(every=0.01)  # a second call starts nothing more
    assert called.wait(5) and calls[:2] == [0, 0]
    started = {t for t in threading.enumerate() if t.name == "return-freed-memory"} - before
    assert len(started) == 1 and all(t.daemon for t in started)


def _rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(speed._malloc_trim() is None or not speed.os.path.exists("/proc/self/status"),
                    reason="malloc_trim is glibc's (Linux)")
def test_the_trim_gives_freed_arrays_back_to_the_system():
    """What the trimming thread relies on: arrays the size of a network's history, once freed, stay in the
    process until malloc_trim gives their pages back."""
    import numpy as np

    held = [np.ones(8_000) for _ in range(3_000)]  # 64 KB each, under glibc's mmap threshold: 192 MB in all
    keep = np.ones(8_000)  # one above them, so the heap's top isn't simply cut off
    peak = _rss_mb()
    del held
    speed._malloc_trim()(0)
    assert _rss_mb() < peak - 150
    del keep


THEME_SECTIONS = ["theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar"]


def _theme_messages(populate):
    """Each theme section's part of a new_session message, as `populate` fills a fresh one, in bytes."""
    from streamlit.proto.NewSession_pb2 import CustomThemeConfig

    parts = []
    for section in THEME_SECTIONS:
        msg = CustomThemeConfig()
        populate(msg, section)
        parts.append(msg.SerializeToString(deterministic=True))
    return parts


@pytest.fixture
def config():
    """Streamlit's config, as the project's config files set it; parsed anew after the test."""
    from streamlit import config

    config.get_config_options(force_reparse=True)
    yield config
    config.get_config_options(force_reparse=True)


def test_build_theme_once_sends_the_same_theme_and_builds_it_again_when_the_config_is_parsed(monkeypatch, config):
    from streamlit.runtime import app_session

    monkeypatch.setattr(app_session, "_populate_theme_msg", app_session._populate_theme_msg)  # put back after
    # Streamlit's own (an AppTest of app.py in this process may have run build_theme_once already)
    original = getattr(app_session._populate_theme_msg, "original", app_session._populate_theme_msg)
    monkeypatch.setattr(speed, "_theme_once", False)
    config._set_option("theme.sidebar.primaryColor", "#123456", "a test")
    config._set_option("theme.chartCategoricalColors", ["#111111", "#222222"], "a test")
    expected = _theme_messages(original)
    assert expected[0] and expected[3]  # the project's theme and the sidebar's option are in the message
    scans = []
    monkeypatch.setattr(config, "get_options_for_section", lambda s, scan=config.get_options_for_section:
                        scans.append(s) or scan(s))
    speed.build_theme_once()
    patched = app_session._populate_theme_msg
    assert patched is not original
    assert _theme_messages(patched) == expected
    assert _theme_messages(patched) == expected  # the second time from what was built: the same bytes
    assert sorted(scans) == sorted(THEME_SECTIONS)  # each section's options were read once
    speed.build_theme_once()  # a second call changes nothing
    assert app_session._populate_theme_msg is patched

    config._set_option("theme.sidebar.primaryColor", "#654321", "a test")
    config._on_config_parsed.send(None)  # the config parsed anew (a config file changed): built again
    changed = _theme_messages(patched)
    assert changed[3] != expected[3] and changed == _theme_messages(original)
