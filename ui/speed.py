"""Process-wide speed for Streamlit's rerun loop. Nothing here is per session or holds anyone's data."""

import gc
import os
import socket
import threading

import nn

_frozen = False
_nodelay = False
_warm = threading.Lock()
_warmed = False


def warm_kernel():
    """Once per process, before the first page is drawn: compile or load the training kernel (nn.warm_up).

    From numba's on-disk cache this takes a fraction of a second; a fresh checkout compiles once, for
    a few seconds, at the first visit after the server starts rather than at someone's click.
    """
    global _warmed
    with _warm:
        if not _warmed:
            nn.warm_up()
            _warmed = True


def freeze_long_lived():
    """Once per process: take the objects alive now out of the garbage collector's rounds.

    Streamlit runs a full garbage collection after every script run (`runner.postScriptGC`) while
    holding the GIL, so a run's last messages wait for it. With plotly, pandas and numpy loaded,
    that pass took 60-90 ms of every click. What is alive after the first run (modules, plotly's
    and pandas' tables) lives as long as the process, so `gc.freeze()` moves it aside and the pass
    then takes a few ms. Frozen objects are still freed by reference counting as usual; only a
    reference cycle among them would outlive its use, and these are the process's own objects.
    """
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True


def send_at_once():
    """Once per process: make the server send each message the moment it is written (TCP_NODELAY).

    Streamlit's Starlette server makes its listening socket without naming TCP (`socket.socket(family)`),
    so asyncio, which turns Nagle's algorithm off only for sockets that say they are TCP, leaves it on.
    Then every run's messages after the first waited for the browser's delayed acknowledgement: about
    40 ms added to every click, even on an idle server (seen with strace: all sent in 6 ms, received 44 ms
    after the click). Setting TCP_NODELAY on the listening socket fixes every later connection (Linux
    copies it to each accepted socket); the connections already open are set here too. Where there is
    no /proc (not Linux), this does nothing.
    """
    global _nodelay
    if _nodelay or not os.path.isdir("/proc/self/fd"):
        return
    _nodelay = True
    for fd in os.listdir("/proc/self/fd"):
        try:
            sock = socket.socket(fileno=int(fd))
        except (OSError, ValueError):
            continue  # not a socket, or closed meanwhile
        try:
            if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        finally:
            sock.detach()  # the socket stays open: it is the server's, not ours


_settings_lock = threading.Lock()
_settings_reused = False


def reuse_session_settings():
    """Once per process: build the settings and theme part of Streamlit's run-start message once, not every run.

    Each run (a click, and Play's tick twice) starts with a new_session message carrying the app's settings
    and its theme, which Streamlit rebuilt every time by reading its whole option table six times: about a
    twelfth of a busy server's time (py-spy, bench/load.py). They are the same for every session and every
    run, so each part is built once and copied in; when Streamlit reads its config file again (it changed),
    the copies are dropped and built anew. If Streamlit's internals differ from these, this does nothing.
    """
    global _settings_reused
    from streamlit import config
    from streamlit.runtime import app_session

    with _settings_lock:
        if _settings_reused or not all(hasattr(app_session, f) for f in ("_populate_config_msg", "_populate_theme_msg")):
            return
        _settings_reused = True
        built = {}

        def reuse(populate):
            def populate_once(msg, *section):
                key = (populate.__name__, *section)
                if key not in built:
                    fresh = type(msg)()
                    populate(fresh, *section)
                    built[key] = fresh.SerializeToString()
                msg.MergeFromString(built[key])
            populate_once.__wrapped__ = populate
            return populate_once

        config.on_config_parsed(built.clear, force_connect=True)
        app_session._populate_config_msg = reuse(app_session._populate_config_msg)
        app_session._populate_theme_msg = reuse(app_session._populate_theme_msg)
