"""serving/turns.py: one run draws at a time in a process, clicks before ticks, kernel work outside the turn."""

import threading
import time
from contextlib import contextmanager

from helpers import APP, bar
from streamlit.testing.v1 import AppTest

from nn import Network
from serving import turns
from ui.session import Session


def waiter(t, kind, order, name, timeout=turns.WAIT_AT_MOST):
    """A thread that waits for a turn of `kind`, notes its name in `order` once given, and gives it back."""
    def run():
        with t.turn(kind, timeout) as given:
            order.append((name, given))
    return threading.Thread(target=run)


def wait_until(condition, seconds=5.0):
    for _ in range(int(seconds / 0.005)):
        if condition():
            return True
        time.sleep(0.005)
    return False


def test_a_run_waits_while_another_draws_and_draws_once_it_is_done():
    t, order = turns.Turns(), []
    assert t.acquire()
    second = waiter(t, turns.CLICK, order, "second")
    second.start()
    assert wait_until(lambda: t.waiting() == (1, 0))
    assert order == []  # still waiting: the first holds the turn
    t.release()
    second.join(5)
    assert order == [("second", True)] and t.waiting() == (0, 0) and not t.holding()


def test_waiting_clicks_go_before_waiting_ticks_and_each_kind_in_the_order_it_came():
    t, order, threads = turns.Turns(), [], []
    assert t.acquire()
    for i, kind in enumerate((turns.TICK, turns.CLICK, turns.TICK, turns.CLICK)):
        thread = waiter(t, kind, order, f"{'click' if kind == turns.CLICK else 'tick'}-{i}")
        threads.append(thread)
        thread.start()
        assert wait_until(lambda: sum(t.waiting()) == len(threads))  # queued before the next one comes
    t.release()
    for thread in threads:
        thread.join(5)
    assert [name for name, _ in order] == ["click-1", "click-3", "tick-0", "tick-2"]
    assert all(given for _, given in order)


def test_a_run_that_waits_too_long_draws_anyway_without_taking_the_turn():
    t, order = turns.Turns(), []
    assert t.acquire()
    late = waiter(t, turns.TICK, order, "late", timeout=0.05)
    late.start()
    late.join(5)
    assert order == [("late", False)]
    assert t.holding() and t.waiting() == (0, 0)  # the holder still holds it, and no one is left waiting
    t.release()
    assert t.acquire(timeout=0.05)  # free again
    t.release()


def test_a_turn_is_reentrant_in_one_thread():
    t = turns.Turns()
    with t.turn() as outer:
        with t.turn() as inner:
            assert outer and inner and t.holding()
        assert t.holding()
    assert not t.holding()


def test_outside_lets_others_draw_while_the_kernel_trains_then_takes_the_turn_back():
    t, order = turns.Turns(), []
    with t.turn():
        other = waiter(t, turns.TICK, order, "other")
        other.start()
        assert wait_until(lambda: t.waiting() == (0, 1))
        with t.outside():
            other.join(5)
            assert order == [("other", True)]  # it drew while this thread was outside
            assert not t.holding()
        assert t.holding()
    assert not t.holding()


def test_outside_keeps_the_turn_for_work_too_short_to_be_worth_it():
    t = turns.Turns()
    with t.turn():
        with t.outside(turns.WORTH_STEPPING_OUT / 2):
            assert t.holding()
        with t.outside(turns.WORTH_STEPPING_OUT * 2):
            assert not t.holding()
        assert t.holding()


def test_outside_without_a_turn_just_runs_the_block():
    t = turns.Turns()
    with t.outside():
        assert not t.holding()
    assert not t.holding()


class Recording(turns.Turns):
    """The process's turns, noting each kind asked for and each time a run steps outside."""

    def __init__(self):
        super().__init__()
        self.kinds, self.outsides = [], 0

    def acquire(self, kind=turns.CLICK, timeout=turns.WAIT_AT_MOST):
        if not self.holding():
            self.kinds.append(kind)
        return super().acquire(kind, timeout)

    @contextmanager
    def outside(self, seconds=None):
        held = self.holding()
        with super().outside(seconds):
            self.outsides += held and not self.holding()  # counts only a real step outside
            yield


def test_the_app_draws_in_turns_a_tick_as_a_tick_and_trains_a_long_job_outside_its_turn(monkeypatch):
    recording = Recording()
    monkeypatch.setattr(turns, "turn", recording.turn)
    monkeypatch.setattr(turns, "outside", recording.outside)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert recording.kinds == [turns.CLICK] and not at.exception
    bar(at, do="train", n=1)
    assert recording.kinds[-1] == turns.CLICK and recording.outsides == 0  # one epoch: no need to step outside
    at.session_state["session"].ticking = True  # what a long job's heartbeat sets before it reruns the app
    at.run()
    assert recording.kinds[-1] == turns.TICK and not at.session_state["session"].ticking
    at.run()
    assert recording.kinds[-1] == turns.CLICK
    bar(at, do="train", n=1000)  # a press trains in its callback, before the run takes its turn
    assert recording.outsides == 0 and at.session_state["session"].net.epoch == 1001
    at.session_state["session"].rate = 1000.0  # 5,000 epochs then look like 5 s: a long job, trained in ticks
    at.text_input(key="train_amount").set_value("5000")
    at.button(key="train_go").click().run()  # this run's sidebar trains the job's first tick, outside the turn
    assert recording.outsides == 1 and at.session_state["session"].net.epoch == 2001 and at.session_state["session"].job.left
    assert not recording.holding() and recording.waiting() == (0, 0)


def test_ticking_is_read_once():
    at = AppTest.from_string("import streamlit as st\nfrom ui.state import training\n"
                             "st.text(f'{training.ticking()} {training.ticking()}')")
    at.session_state["session"] = Session(Network(), ticking=True)
    at.run()
    assert not at.exception, at.exception
    assert at.text[0].value == "True False"


def test_the_measured_training_rate_leaves_out_the_wait_for_the_turn(monkeypatch):
    """On a busy server the turn comes back late after training outside it; that wait must not make the
    kernel look slow (a slow rate would turn the next ordinary press into a long job with a progress bar)."""
    @contextmanager
    def outside_then_wait(seconds=None):
        yield
        time.sleep(0.5)  # the turn comes back half a second later

    monkeypatch.setattr(turns, "outside", outside_then_wait)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.session_state["session"].rate = 10_000.0  # +1000 then looks like 0.1 s of work: trained outside the turn
    bar(at, do="train", n=1000)
    assert not at.exception and at.session_state["session"].net.epoch == 1000
    assert at.session_state["session"].rate > 1000 / 0.25  # 1,000 epochs take well under a millisecond in the kernel
