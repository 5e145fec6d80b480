"""Process-wide speed for Streamlit's rerun loop. Nothing here is per session or holds anyone's data."""

import asyncio
import gc
import os
import socket
import threading
import time

import nn

_frozen = False
_nodelay = False
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

    Each run (a click, a page switch, a long job's tick) starts with a new_session message carrying the app's settings
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


class _Handoff:
    """Callbacks for one event loop from other threads, passed over with one wake-up for a batch of them.

    asyncio's call_soon_threadsafe wakes the loop by writing to a socket at every call, and that write lets
    go of the GIL: a script thread then waits for it again (up to 5 ms while other threads run) at every
    element it draws. Here the first callback of a batch wakes the loop; those that arrive before it runs
    join the batch, and run in the order they came, each in turn as the loop would have run them.
    """

    def __init__(self, loop):
        self.loop, self.lock, self.callbacks, self.scheduled = loop, threading.Lock(), [], False

    def call_soon(self, callback):
        with self.lock:
            self.callbacks.append(callback)
            if self.scheduled:
                return
            self.scheduled = True
        try:
            self.loop.call_soon_threadsafe(self.run)
        except RuntimeError:  # the loop is closed (the server is stopping): nothing more will run
            with self.lock:
                self.callbacks.clear()
                self.scheduled = False
            if not self.loop.is_closed():
                raise

    def run(self):
        with self.lock:
            callbacks, self.callbacks, self.scheduled = self.callbacks, [], False
        for callback in callbacks:
            try:
                callback()
            except Exception as error:  # as the loop reports a failing callback, and goes on to the next
                self.loop.call_exception_handler({"message": "Exception in a script-runner callback",
                                                  "exception": error})


_handoffs = {}
_handoff_lock = threading.Lock()
_handoff_patched = False


def _handoff(loop):
    """Return the loop's _Handoff: read without a lock (this runs at every element), made under one."""
    handoff = _handoffs.get(loop)
    if handoff is None:
        with _handoff_lock:
            if loop not in _handoffs:
                _handoffs.clear()  # a new loop (a restarted server) replaces the old one's
                _handoffs[loop] = _Handoff(loop)
            handoff = _handoffs[loop]
    return handoff


def batch_wakeups():
    """Once per process: pass each script run's messages to the server's event loop in batches (_Handoff).

    Every element a run draws went to the event loop with its own wake-up, and each wake-up made the
    run's thread give up the GIL and wait for it again: on a busy server that wait, not the drawing, was
    most of a click's time (py-spy: a fifth of all threads' time sat in that one write). If Streamlit's
    internals differ from these, this does nothing.
    """
    global _handoff_patched
    from streamlit.runtime import app_session, runtime

    with _handoff_lock:
        if _handoff_patched or not hasattr(app_session.AppSession, "_call_soon_on_event_loop"):
            return
        _handoff_patched = True

    def call_soon_on_event_loop(session, callback):
        _handoff(session._event_loop).call_soon(callback)

    app_session.AppSession._call_soon_on_event_loop = call_soon_on_event_loop
    if hasattr(runtime.Runtime, "_enqueued_some_message") and hasattr(runtime.Runtime, "_get_async_objs"):
        streamlit_enqueued = runtime.Runtime._enqueued_some_message

        def enqueued_some_message(rt):
            """On the loop's own thread, wake the sender directly rather than through the loop's socket."""
            objs = rt._get_async_objs()
            try:
                on_loop = asyncio.get_running_loop() is objs.eventloop
            except RuntimeError:
                on_loop = False
            if on_loop:
                objs.need_send_data.set()
            else:
                streamlit_enqueued(rt)

        runtime.Runtime._enqueued_some_message = enqueued_some_message


_options_patched = False


def settings_without_lock():
    """Once per process: read Streamlit's settings from a copy, without taking its settings lock each time.

    Streamlit reads a setting (config.get_option) under one process-wide lock, several times for every
    element a run draws. With a class's runs drawing at once, a thread that the GIL switch caught holding
    that lock kept every other run waiting on it: on a busy server, a quarter of all threads' time (py-spy).
    Each value read is kept; the copies are dropped whenever a setting is set or the config file is read
    again, so a read never returns a stale value. If Streamlit's internals differ from these, this does nothing.
    """
    global _options_patched
    from streamlit import config

    with _settings_lock:
        if _options_patched or not all(hasattr(config, f) for f in ("get_option", "_set_option", "on_config_parsed")):
            return
        _options_patched = True
    streamlit_get, streamlit_set = config.get_option, config._set_option
    values, generation = {}, [0]

    def forget():
        generation[0] += 1
        values.clear()

    def get_option(key):
        try:
            return values[key]
        except KeyError:
            pass
        seen = generation[0]
        value = streamlit_get(key)
        if seen == generation[0]:  # not set meanwhile: the value read is the current one
            values[key] = value
        return value

    def set_option(key, value, where_defined):
        try:
            streamlit_set(key, value, where_defined)
        finally:
            forget()

    get_option.__wrapped__, set_option.__wrapped__ = streamlit_get, streamlit_set
    config.on_config_parsed(forget, force_connect=True)
    config._set_option = set_option
    config.get_option = get_option


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
    with _settings_lock:
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
