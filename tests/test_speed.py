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
