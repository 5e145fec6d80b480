"""ui/speed.py: the process-wide settings that keep a click quick."""

import socket
import threading

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


def test_reused_session_settings_match_what_streamlit_builds_and_follow_a_changed_config(monkeypatch):
    """The settings and theme parts of a run's first message, built once and copied, are byte for byte what
    Streamlit builds itself; when Streamlit reads its config file again, they are built again from it."""
    from streamlit import config
    from streamlit.proto.NewSession_pb2 import Config, CustomThemeConfig
    from streamlit.runtime import app_session

    monkeypatch.setattr(speed, "_settings_reused", False)
    for name in ("_populate_config_msg", "_populate_theme_msg"):  # Streamlit's own (an app run may have wrapped them)
        populate = getattr(app_session, name)
        monkeypatch.setattr(app_session, name, getattr(populate, "__wrapped__", populate))
    own_config, own_theme = app_session._populate_config_msg, app_session._populate_theme_msg

    def built(populate, kind, *section):
        msg = kind()
        populate(msg, *section)
        return msg.SerializeToString()

    monkeypatch.setattr(config, "_on_config_parsed", type(config._on_config_parsed)())  # a fresh signal, not the server's
    def primary_color(color):  # every option at its default, but the theme's main colour
        return property(lambda option: {"theme.primaryColor": color}.get(option.key, option.default_val))

    monkeypatch.setattr(config.ConfigOption, "value", primary_color("#1d4ed8"))
    speed.reuse_session_settings()
    assert app_session._populate_theme_msg is not own_theme and app_session._populate_config_msg is not own_config
    for section in ("theme", "theme.light", "theme.sidebar"):
        expected = built(own_theme, CustomThemeConfig, section)
        assert built(app_session._populate_theme_msg, CustomThemeConfig, section) == expected
        assert built(app_session._populate_theme_msg, CustomThemeConfig, section) == expected  # the copy, again
    assert built(app_session._populate_config_msg, Config) == built(own_config, Config)
    assert b"#1d4ed8" in built(app_session._populate_theme_msg, CustomThemeConfig, "theme")

    monkeypatch.setattr(config.ConfigOption, "value", primary_color("#ff0000"))
    assert b"#1d4ed8" in built(app_session._populate_theme_msg, CustomThemeConfig, "theme")  # still the copy
    config._on_config_parsed.send()  # Streamlit read its config file again
    assert b"#ff0000" in built(app_session._populate_theme_msg, CustomThemeConfig, "theme")
    assert built(app_session._populate_theme_msg, CustomThemeConfig, "theme") == built(own_theme, CustomThemeConfig, "theme")


def test_callbacks_from_many_threads_reach_the_loop_in_order_with_few_wakeups():
    """Script threads hand the loop their callbacks; those that arrive while the loop is busy share one
    wake-up, each thread's run in the order it sent them, and a failing one is reported without losing
    the rest."""
    import asyncio
    import threading

    loop = asyncio.new_event_loop()
    wakeups, ran, reported = [], [], []
    own_call_soon_threadsafe = loop.call_soon_threadsafe
    loop.call_soon_threadsafe = lambda *a: (wakeups.append(1), own_call_soon_threadsafe(*a))[1]
    loop.set_exception_handler(lambda _loop, context: reported.append(str(context["exception"])))
    handoff = speed._Handoff(loop)

    def fail():
        raise ValueError("one callback failed")

    def send(thread):
        for i in range(200):
            handoff.call_soon(lambda i=i: ran.append((thread, i)))
            if thread == 0 and i == 100:
                handoff.call_soon(fail)

    threads = [threading.Thread(target=send, args=(t,)) for t in range(4)]
    for t in threads:  # the loop isn't running yet: all 801 callbacks arrive while it is "busy"
        t.start()
    for t in threads:
        t.join()
    runner = threading.Thread(target=lambda: loop.run_until_complete(asyncio.sleep(0.01)))  # a thread of its own:
    runner.start()  # the browser tests leave a loop running in this one
    runner.join(timeout=10)
    loop.close()
    assert sorted(ran) == [(t, i) for t in range(4) for i in range(200)]
    for t in range(4):
        assert [i for thread, i in ran if thread == t] == list(range(200))
    assert reported == ["one callback failed"]
    assert len(wakeups) == 1  # asyncio's own call_soon_threadsafe would have woken the loop 801 times
    handoff.call_soon(lambda: ran.append("after close"))  # a closed loop (a stopping server): dropped quietly
    assert "after close" not in ran


def test_settings_read_without_streamlits_lock_and_never_stale(monkeypatch):
    """Once read, a setting is read again without Streamlit's settings lock (so a run never waits on
    another's); setting it, or Streamlit reading its config file again, is seen at the next read."""
    import threading

    from streamlit import config

    monkeypatch.setattr(speed, "_options_patched", False)
    monkeypatch.setattr(config, "get_option", getattr(config.get_option, "__wrapped__", config.get_option))
    monkeypatch.setattr(config, "_set_option", getattr(config._set_option, "__wrapped__", config._set_option))
    monkeypatch.setattr(config, "_on_config_parsed", type(config._on_config_parsed)())  # a fresh signal
    key = "global.minCachedMessageSize"
    before = config.get_option(key)
    speed.settings_without_lock()
    assert config.get_option(key) == before

    read = []
    with config._config_lock:  # another thread holds Streamlit's lock: a read still answers at once
        reader = threading.Thread(target=lambda: read.append(config.get_option(key)))
        reader.start()
        reader.join(timeout=5)
        assert read == [before]
    try:
        config.set_option(key, before + 1)
        assert config.get_option(key) == before + 1
        config._config_options[key].set_value(before + 2)  # as a new reading of the config file would
        assert config.get_option(key) == before + 1   # still the copy ...
        config._on_config_parsed.send()
        assert config.get_option(key) == before + 2   # ... until Streamlit says it read its file again
    finally:
        config.set_option(key, before)


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
