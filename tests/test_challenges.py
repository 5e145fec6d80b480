"""nn/challenges.py: each check on runs that meet its goal and runs that don't."""

import numpy as np
import pytest
from helpers import trained

from nn import Network, People, challenges
from nn.challenges import BY_KEY, CHALLENGES


def run(changes=(), epochs=0, people=None, **options):
    """A network trained to `epochs`, switching rule and learning rate at each (epoch, rule, lr) of changes."""
    net = Network(people, **options)
    for start, rule, lr in changes:
        net.train(start - net.epoch)
        net.set_rule(rule)
        net.set_learning_rate(lr)
    net.train(epochs - net.epoch)
    return net


OWN = People(["Ann", "Jim", "Joe"], [[0.2, 1.0, 0.4, 0.3], [0.25, 0.95, 0.4, 0.3], [0.9, 0.1, 0.2, 0.2]],
             [1.0, 1.0, 0.1])

SOLVED = {  # challenge: (a run that meets the goal, the epoch it first did)
    "alice": (lambda: run(epochs=1000, bias=True), None),
    "low-loss": (lambda: run(epochs=2000, bias=True), None),
    "swing": (lambda: run(epochs=1000, learning_rate=5.0), 1000),
    "rise": (lambda: run([(17_000, "exact", 1.0)], epochs=20_000), None),
    "lowest": (lambda: trained(15_456), 15_456),
    "james": (lambda: run(epochs=3000, people=OWN), 3000),
    "faster": (lambda: run(epochs=1900, learning_rate=2.0), 950),
    "bob": (lambda: run(epochs=300, bias=True), 286),
    "wide": (lambda: run(epochs=3000, hidden=3, bias=True, seed=1), None),
    "tanh": (lambda: run(epochs=500, hidden=2, bias=True, activation="tanh", seed=1), None),
    "exact": (lambda: run(epochs=1900, rule="exact", learning_rate=2.0), 1900),
}

UNSOLVED = {  # challenge: runs that come close but don't meet the goal
    "alice": [lambda: trained(1900), lambda: run(epochs=1000, bias=True, people=OWN)],
    "low-loss": [lambda: trained(1900), lambda: run(epochs=2000, bias=True, people=OWN)],
    "swing": [lambda: trained(1900), lambda: run(epochs=1000, learning_rate=2.0)],
    "rise": [lambda: trained(20_000), lambda: run([(1000, "exact", 1.0)], epochs=3000),
             lambda: run([(17_000, "exact", 1.0)], epochs=17_000)],
    "lowest": [lambda: trained(15_455), lambda: trained(15_457), lambda: run(epochs=15_456, bias=True)],
    "james": [lambda: trained(1900), lambda: run(epochs=1, people=OWN)],
    "faster": [lambda: trained(1900), lambda: run(epochs=1899, learning_rate=1.0)],
    "bob": [lambda: trained(1900), lambda: run(epochs=280, bias=True)],
    "wide": [lambda: run(epochs=3000, hidden=2, bias=True, seed=1), lambda: run(epochs=100, hidden=3, bias=True)],
    "tanh": [lambda: run(epochs=500, activation="tanh", learning_rate=0.1),
             lambda: run(epochs=500, hidden=2, bias=True, seed=1)],
    "exact": [lambda: run(epochs=1900, rule="exact"), lambda: run([(100, "exact", 2.0)], epochs=1900),
              lambda: run(epochs=1899, rule="exact", learning_rate=2.0)],
}


def test_there_are_at_least_ten_each_with_a_goal_a_part_of_the_series_and_hints():
    assert len(CHALLENGES) >= 10 and set(SOLVED) == set(UNSOLVED) == set(BY_KEY)
    for c in CHALLENGES:
        assert c.goal.endswith(".") and c.goal.count(". ") == 0 and len(c.hints) >= 3
        assert "Part" in c.builds_on


def test_the_series_loss_at_1900_is_the_kernels():
    assert trained(1900).loss == challenges.SERIES_LOSS_AT_1900


@pytest.mark.parametrize("key", list(SOLVED))
def test_a_run_that_meets_the_goal_is_solved_at_the_epoch_it_first_did(key):
    make, epoch = SOLVED[key]
    net = make()
    solved = BY_KEY[key].check(net)
    assert solved is not None and 0 < solved <= net.epoch
    if epoch is not None:
        assert solved == epoch
    assert challenges.check_all(net)[key] == solved


@pytest.mark.parametrize("key", list(UNSOLVED))
def test_a_run_that_falls_short_is_not_solved(key):
    for make in UNSOLVED[key]:
        assert BY_KEY[key].check(make()) is None


def test_checks_change_nothing_in_the_run():
    net = run(epochs=1000, learning_rate=5.0)
    before = (net.fingerprint, net.epoch, len(net.history), list(net.changes))
    challenges.check_all(net)
    assert (net.fingerprint, net.epoch, len(net.history), list(net.changes)) == before
    assert np.isfinite(net.loss)
