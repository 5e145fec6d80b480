"""Turns at drawing: in one server process, one script run draws at a time, and clicks go before ticks.

Process-wide by design, and it holds no one's data: only which run may draw now and who waits.
Drawing a page is Python work that holds the GIL, so runs that draw at once only share one core in
slices of 5 ms: with ten of them under way, each click took ten times as long as it would alone, and
every run's messages waited behind the others (bench/load.py). Taking turns, each run draws alone
and its learner gets the answer as soon as that run is done. A click (a train button, a page switch,
any widget) goes before a waiting long job's redraw, which only keeps a progress bar moving. (Play runs in
the browser, ui/live.py, and asks nothing of these turns.)

Work that doesn't hold the GIL (the kernel training for a long job or a shared link) is done outside
the turn (`outside`), so other runs draw meanwhile. A run never waits longer than WAIT_AT_MOST for its
turn; past that it draws anyway, alongside, so nothing can wait for ever.
"""

import threading
from collections import deque
from contextlib import contextmanager

CLICK, TICK = 0, 1      # the two kinds of run, in the order they get their turns
WAIT_AT_MOST = 2.0      # seconds a run may wait for its turn before it draws anyway
WORTH_STEPPING_OUT = 0.02  # seconds of kernel work above which a run lets others draw meanwhile


class _Ticket:
    """A run waiting for its turn: the event set when the turn is handed to it."""

    def __init__(self):
        self.given, self.handed = False, threading.Event()


class Turns:
    """One drawing turn, handed to the longest-waiting click first, then the longest-waiting tick."""

    def __init__(self):
        self._lock = threading.Lock()
        self._taken = False                   # True while some run holds the turn
        self._waiting = (deque(), deque())    # the tickets of the runs waiting, by kind, oldest first
        self._held = threading.local()        # how deep this thread is in turns it holds (0: none)

    def acquire(self, kind=CLICK, timeout=WAIT_AT_MOST):
        """Wait for this thread's turn (at most `timeout` s); return True if it was given, False if not."""
        if getattr(self._held, "depth", 0):
            self._held.depth += 1  # this thread holds the turn already (a run inside a run)
            return True
        with self._lock:
            if not self._taken and not any(self._waiting):
                self._taken, self._held.depth = True, 1
                return True
            ticket = _Ticket()
            self._waiting[kind].append(ticket)
        ticket.handed.wait(timeout)
        with self._lock:
            if not ticket.given:  # still waiting after `timeout`: it draws without the turn
                self._waiting[kind].remove(ticket)
                return False
        self._held.depth = 1
        return True

    def release(self):
        """Give back a turn that acquire gave this thread (nothing, if it holds none), handing it to the next run."""
        depth = getattr(self._held, "depth", 0)
        if depth <= 0:
            return
        self._held.depth = depth - 1
        if depth > 1:
            return
        with self._lock:
            clicks, ticks = self._waiting
            queue = clicks or ticks
            if not queue:
                self._taken = False
                return
            ticket = queue.popleft()  # the turn stays taken: it passes straight to this run
            ticket.given = True
            ticket.handed.set()

    def holding(self):
        """Return True if this thread holds the turn now."""
        return getattr(self._held, "depth", 0) > 0

    def waiting(self):
        """Return (clicks, ticks) waiting for a turn now."""
        with self._lock:
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
    def outside(self, seconds=None):
        """Let others draw while the block runs (kernel work without the GIL), then wait for the turn again.

        seconds is how long the work is expected to take: work under WORTH_STEPPING_OUT keeps the turn, since
        waiting for it again would cost more than it lets others do.
        """
        if not self.holding() or (seconds is not None and seconds <= WORTH_STEPPING_OUT):
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
