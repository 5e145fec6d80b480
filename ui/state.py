"""The one module that owns st.session_state: each browser session's network and its controls.

Everything here is per session. The network is never a module global or a cache, so one
learner's presses never reach another's. Widgets change state only through the callbacks
below (they run before the page is drawn), so every page shows the new state in the same run.
"""

import time

import streamlit as st

from nn import Network

TICK_SECONDS = 0.4      # how often Play and a long Train advance and redraw
BUDGET_SECONDS = 0.3    # work done per tick of a long Train
LONG_SECONDS = 0.8      # a press expected to take longer than this trains in ticks, with a progress bar
MAX_TRAIN = 1_000_000
SPEEDS = (1, 10, 100, 1000)


def init():
    """Create whatever this session's state lacks; later calls change nothing."""
    s = st.session_state
    if "net" not in s:
        s.net = Network()
    defaults = {
        "prev_loss": lambda: s.net.loss, "prev_params": lambda: s.net.params,  # before the last press
        "playing": lambda: False, "speed": lambda: 10, "train_amount": lambda: 5000,
        "pending": lambda: 0, "pending_total": lambda: 0,
        "rate": lambda: 100_000.0,  # epochs per second, re-measured at every train
        "scored": list,             # people scored on the "Score a person" page: (name, scores)
        "message": lambda: None, "last_full_run": lambda: 0.0, "loss_view": lambda: "Live curve",
    }
    for key, make in defaults.items():
        if key not in s:
            s[key] = make()


def net():
    """Return this session's network (creating the session's state if it is new)."""
    init()
    return st.session_state.net


def _remember():
    """Keep the loss and weights before a press, for the deltas the pages show."""
    s = st.session_state
    s.prev_loss, s.prev_params = s.net.loss, s.net.params


def _timed_train(n):
    """Train n epochs now and update the measured rate."""
    s = st.session_state
    start = time.perf_counter()
    done = s.net.train(n)
    took = time.perf_counter() - start
    if done >= 1000 and took > 0:
        s.rate = done / took
    return done


def press(n):
    """A train button: advance n epochs, at once when short, else in ticks with a progress bar."""
    s = st.session_state
    s.message = None
    _remember()
    if n / s.rate > LONG_SECONDS:
        s.pending = s.pending_total = n
    else:
        _timed_train(n)


def train_amount():
    """The number input's Train button: validate the amount, then press it."""
    amount = st.session_state.get("train_amount")
    if not isinstance(amount, int) or not 1 <= amount <= MAX_TRAIN:
        st.session_state.message = f"Choose a whole number of epochs from 1 to {MAX_TRAIN:,}."
        return
    press(amount)


def reset():
    """Start again from the series' network at epoch 0, with the same options and people."""
    s = st.session_state
    old = s.net
    s.net = Network(old.people, **old.options)
    s.playing, s.pending, s.message = False, 0, None
    _remember()


def play():
    """Start Play: advance `speed` epochs every tick until Pause."""
    _remember()
    st.session_state.playing = True


def pause():
    """Stop Play and any long Train that is under way."""
    st.session_state.playing = False
    st.session_state.pending = 0


def busy():
    """Return True while Play runs or a long Train is under way."""
    return st.session_state.playing or st.session_state.pending > 0


def tick():
    """Advance one tick's worth of work: Play's epochs, or a time-boxed part of a long Train."""
    s = st.session_state
    if s.net.diverged:
        s.playing, s.pending = False, 0
    elif s.pending:
        n = min(s.pending, max(1000, int(s.rate * BUDGET_SECONDS)))
        s.pending = 0 if _timed_train(n) < n else s.pending - n
    elif s.playing:
        s.prev_loss, s.prev_params = s.net.loss, s.net.params
        _timed_train(s.speed)


def progress():
    """Return (done, total) of the long Train under way, or None."""
    s = st.session_state
    return (s.pending_total - s.pending, s.pending_total) if s.pending else None


def score(name, scores):
    """Remember a person scored in this session (the table re-scores them as training goes on)."""
    s = st.session_state
    s.scored = [row for row in s.scored if row[0] != name] + [(name, tuple(scores))]
