"""The session's job (ui/session.Job): an explicit state, and every change of it through one method."""

import pytest

from nn import Network
from ui.session import Doing, Job, Session


def test_a_session_starts_idle_with_the_series_network_and_its_deltas_from_it():
    s = Session(Network())
    assert s.job.doing is Doing.IDLE and s.job.state == "idle" and not s.job.long
    assert (s.prev_epoch, s.prev_loss) == (0, s.net.loss)


def test_play_then_halt_gives_the_network_at_the_epoch_shown():
    job, net = Job(), Network()
    job.play(net, 60)
    assert job.doing is Doing.PLAYING and job.plays == 1 and job.chunk["start"] == 0
    halted = job.halt(37)
    assert job.doing is Doing.IDLE and job.player is None and job.chunk is None
    assert halted.epoch == 37
    reference = Network()
    reference.train(37)
    assert halted.fingerprint == reference.fingerprint


def test_halt_falls_back_to_the_last_epoch_the_browser_said_and_is_a_no_op_when_idle():
    job = Job()
    assert job.halt(5) is None
    job.play(Network(), 60)
    job.shown = 12
    assert job.halt(None).epoch == 12
    job.play(Network(), 60)
    assert job.plays == 2 and job.halt(10**9).epoch == 0  # an epoch it never made: where it started


def test_a_long_train_counts_down_its_ticks_then_ends():
    job = Job()
    job.train(2500)
    assert job.state == "training" and job.long and (job.left, job.total) == (2500, 2500)
    job.wait(True)
    assert job.state == "waiting for a turn"
    job.wait(False)
    assert job.trained(1000, 1000) is None and job.left == 1500
    assert job.trained(1500, 1500) is None and job.doing is Doing.IDLE and job.left == 0


def test_a_train_that_stops_short_ends_the_job():
    job = Job()
    job.train(5000)
    job.trained(10, 1000)  # a divergence: the kernel stopped after 10 epochs
    assert job.doing is Doing.IDLE


def test_a_rebuild_ends_with_its_recipe_to_check():
    job, recipe = Job(), {"epoch": 2000, "schedule": [[0, "series", 1.0]]}
    job.rebuild(recipe)
    assert job.state == "rebuilding" and job.schedule == [(0, "series", 1.0)]
    assert job.trained(2000, 2000) is recipe and job.doing is Doing.IDLE and job.schedule is None


@pytest.mark.parametrize("start", ["play", "train", "rebuild"])
def test_a_busy_job_refuses_to_start_another_and_stop_always_idles(start):
    job, net = Job(), Network()
    {"play": lambda: job.play(net, 60), "train": lambda: job.train(100),
     "rebuild": lambda: job.rebuild({"epoch": 100, "schedule": []})}[start]()
    for other in (lambda: job.play(net, 60), lambda: job.train(10), lambda: job.rebuild({"epoch": 1, "schedule": []})):
        with pytest.raises(ValueError):
            other()
    job.stop()
    assert job.doing is Doing.IDLE and job.player is None and job.left == 0 and not job.waiting
