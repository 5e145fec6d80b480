"""Turns at drawing: in one server process, one script run draws at a time, and clicks go before ticks.

Process-wide by design, and it holds no one's data: only which run may draw now and who waits.
Drawing a page is Python work that holds the GIL, so runs that draw at once only share one core in
slices of 5 ms: with ten of them under way, each click took ten times as long as it would alone, and
every run's messages waited behind the others (bench/load.py). Taking turns, each run draws alone
and its learner gets the answer as soon as that run is done. A click (a train button, a page switch,
any widget) goes before a waiting Play tick or long job's redraw, which only keep a picture moving.

Work that doesn't hold the GIL (the kernel training for a long job or a shared link) is done outside
the turn (`outside`), so other runs draw meanwhile. A run never waits longer than WAIT_AT_MOST for its
turn; past that it draws anyway, alongside, so nothing can wait for ever.
"""

import threading
import time
from contextlib import contextmanager

CLICK, TICK = 0, 1      # the two kinds of run, in the order they get their turns
WAIT_AT_MOST = 2.0      # seconds a run may wait for its turn before it draws anyway


class Turns:
    """One drawing turn, handed to the longest-waiting click first, then the longest-waiting tick."""

    def __init__(self):
        self._changed = threading.Condition(threading.Lock())
        self._holder = None              # the thread drawing now, or None
        self._waiting = ([], [])         # tickets of the runs waiting, by kind, oldest first
        self._held = threading.local()   # how deep this thread is in turns it holds (0: none)

    def _next(self):
        """The ticket whose turn is next: the oldest click, else the oldest tick (None if none wait)."""
        clicks, ticks = self._waiting
        return clicks[0] if clicks else ticks[0] if ticks else None

    def acquire(self, kind=CLICK, timeout=WAIT_AT_MOST):
        """Wait for this thread's turn (at most `timeout` s); return True if it was given, False if not."""
        if getattr(self._held, "depth", 0):
            self._held.depth += 1  # this thread holds the turn already (a run inside a run)
            return True
        me, ticket = threading.get_ident(), object()
        deadline = time.monotonic() + timeout
        with self._changed:
            self._waiting[kind].append(ticket)
            try:
                while self._holder is not None or self._next() is not ticket:
                    left = deadline - time.monotonic()
                    if left <= 0 or not self._changed.wait(left):
                        if self._holder is None and self._next() is ticket:
                            break
                        return False
                self._holder = me
                self._held.depth = 1
                return True
            finally:
                self._waiting[kind].remove(ticket)
                self._changed.notify_all()  # the next ticket may now be someone else's

    def release(self):
        """Give back a turn that acquire gave this thread (nothing, if it holds none)."""
        depth = getattr(self._held, "depth", 0)
        if depth <= 0:
            return
        self._held.depth = depth - 1
        if depth > 1:
            return
        with self._changed:
            self._holder = None
            self._changed.notify_all()

    def holding(self):
        """Return True if this thread holds the turn now."""
        return getattr(self._held, "depth", 0) > 0

    def waiting(self):
        """Return (clicks, ticks) waiting for a turn now."""
        with self._changed:
            return len(self._waiting[CLICK]), len(self._waiting[TICK])

    @contextmanager
    def turn(self, kind=CLICK, timeout=WAIT_AT_MOST):
        """Hold the turn for the block (or, after `timeout` s of waiting, run the block without it)."""
        given = self.acquire(kind, timeout)
        try:
            yield given
        finally:
            if given:
                self.release()

    @contextmanager
    def outside(self):
        """Let others draw while the block runs (kernel work without the GIL), then wait for the turn again."""
        if not self.holding():
            yield
            return
        depth, self._held.depth = self._held.depth, 1
        self.release()
        try:
            yield
        finally:
            given = self.acquire(CLICK)
            self._held.depth = depth if given else 0


TURNS = Turns()  # the process's one drawing turn
turn, outside = TURNS.turn, TURNS.outside
