"""The server-wide budget for heavy work: long Trains and the rebuilds of shared links.

Process-wide by design, and it holds no one's data: only how many heavy jobs may train at once.
A heavy job runs in ticks (ui/state/training.tick); each tick takes a turn here without waiting. If every
turn is taken, the tick trains nothing, and the page says the job is waiting (with its progress and
a Stop button). At most TURNS jobs train at once: the machine's cores less one, so that one core
always stays free for everyone's clicks (at least one turn on any machine).
"""

import os
import threading

TURNS = max(1, (os.cpu_count() or 1) - 1)
_turns = threading.BoundedSemaphore(TURNS)
_lock = threading.Lock()
_running = 0


def try_take():
    """Take a turn if one is free, without waiting; return True if taken (then call give_back)."""
    global _running
    if not _turns.acquire(blocking=False):
        return False
    with _lock:
        _running += 1
    return True


def give_back():
    """Return a turn taken by try_take."""
    global _running
    with _lock:
        _running -= 1
    _turns.release()


def running():
    """Return how many heavy jobs are training now."""
    return _running


def free():
    """Return True if a turn is free now (a hint: another job may take it first)."""
    return _running < TURNS
