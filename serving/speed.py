"""Process-wide speed for Streamlit's rerun loop. Nothing here is per session or holds anyone's data."""

import gc
import os
import socket
import threading
import time

import nn

_frozen = False
_nodelay = False
_theme_once = False
_warm = threading.Lock()
_warmed = False


def kernel_ready():
    """Return True once warm_kernel has run in this process."""
    return _warmed


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

    Python's collector, in each of its full passes, walks every object alive, holding the GIL, so every
    session's run waits for it. With plotly, pandas and numpy loaded, that pass took 60-90 ms. What is
    alive after the first run (modules, plotly's and pandas' tables) lives as long as the process, so
    `gc.freeze()` moves it aside and a full pass then takes under a millisecond (bench/gc_pause.py).
    Frozen objects are still freed by reference counting as usual; only a reference cycle among them
    would outlive its use, and these are the process's own objects. (Streamlit's own collection after
    every run is off: .streamlit/config.toml.)
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


def build_theme_once():
    """Once per process: build the theme part of Streamlit's per-run message once, not in every run.

    At the start of every script run (a fragment's included) Streamlit sends a new_session message, and
    fills its theme from the config six times over (app_session._populate_theme_msg, one call per theme
    section), each a scan of every config option under a lock (8-15% of a busy server's +1, py-spy), for a
    theme that only the config files set. So each section's theme is built once and merged into each run's
    message, and built again if the config is parsed anew. The message is the same, byte for byte
    (tests/test_speed.py); tests/browser/test_server_speed.py shows it in effect in a running server, and
    bench/README.md what it buys (1-1.5 ms of CPU a press). It patches a private function of Streamlit 1.67
    (requirements.txt pins it); where there is none, it does nothing.
    """
    global _theme_once
    from streamlit import config
    from streamlit.runtime import app_session

    build = getattr(app_session, "_populate_theme_msg", None)
    build = getattr(build, "original", build)  # Streamlit's own, were it wrapped already
    if _theme_once or build is None:
        return
    _theme_once = True
    populate_theme_msg, forget = _built_once(build)
    app_session._populate_theme_msg = populate_theme_msg
    config.on_config_parsed(forget, force_connect=True)


def _built_once(build):
    """Return (populate, forget): populate(msg, section) merges into msg what build(msg, section) fills in a fresh
    message, built once a section until forget()."""
    built = {}  # theme section -> its part of the message
    lock = threading.Lock()

    def populate_theme_msg(msg, section="theme"):
        with lock:
            part = built.get(section)
            if part is None:
                part = type(msg)()
                build(part, section)
                built[section] = part
        msg.MergeFrom(part)

    def forget():
        with lock:
            built.clear()

    populate_theme_msg.original = build  # Streamlit's own
    return populate_theme_msg, forget


_trim_lock = threading.Lock()
TRIM_SECONDS = 10.0  # how often freed memory goes back to the system
_trimming = False


def _malloc_trim():
    """Return the C library's malloc_trim, or None where there is none (not glibc)."""
    import ctypes
    import ctypes.util

    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def return_freed_memory(every=TRIM_SECONDS):
    """Once per process: every `every` seconds, hand the memory that ended sessions freed back to the system.

    When a session ends, its network's arrays go back to the C library's allocator, which kept the freed
    pages for later, so the server's RSS stayed at its peak after a class left (bench/load.py). glibc's
    malloc_trim(0) gives every wholly free page back. It runs in a thread of its own, and ctypes lets go of
    the GIL for the call (a few ms to a few tens of ms), so no run waits for it. Without glibc it does nothing.
    """
    global _trimming
    with _trim_lock:
        if _trimming:
            return
        _trimming = True
    trim = _malloc_trim()
    if trim is None:
        return

    def loop():
        while True:
            time.sleep(every)
            trim(0)

    threading.Thread(target=loop, name="return-freed-memory", daemon=True).start()
