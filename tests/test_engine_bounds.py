"""Determinism, history bounds, numerics and every bad-input error."""

import pickle
import warnings

import numpy as np
import pytest

from nn import Network, People
from nn.history import DENSE, SPARSE


def test_training_is_deterministic_and_chunking_does_not_matter():
    a, b = Network(hidden=3, seed=2, bias=True), Network(hidden=3, seed=2, bias=True)
    a.train(5000)
    for n in (1, 10, 100, 1000, 3889):
        b.train(n)
    np.testing.assert_array_equal(a.params, b.params)
    np.testing.assert_array_equal(a.history.loss, b.history.loss)


def test_every_epoch_is_kept_up_to_10000():
    net = Network()
    net.train(10_000)
    np.testing.assert_array_equal(net.history.epochs, np.arange(10_001))
    assert net.history.params.shape == (10_001, 5)


def test_history_thins_past_10000_and_keeps_first_and_latest():
    net = Network()
    for n in (1, 10_000, 4_096, 1, 985_902):
        net.train(n)
        hist = net.history
        assert hist.epochs[0] == 0 and hist.epochs[-1] == net.epoch
        assert len(hist) <= DENSE + SPARSE + 1
    assert net.epoch == 1_000_000 and len(net.history) > 12_000
    assert np.all(np.diff(net.history.epochs) > 0)
    np.testing.assert_array_equal(net.history.epochs[: DENSE + 1], np.arange(DENSE + 1))
    sparse = net.history.epochs[DENSE + 1: -1]
    assert np.all(sparse % net.history.stride == 0)


def test_pickled_network_with_the_fullest_history_is_under_20_mb():
    """The most samples the grid ever holds (just before its step doubles), at the largest shape allowed."""
    rng = np.random.default_rng(1)
    people = People([f"p{i}" for i in range(100)], rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100))
    net = Network(people, hidden=8, bias=True, learning_rate=0.01)
    net.train(DENSE + SPARSE)  # the grid's first step is 1: here it is full, and the next epoch halves it
    assert len(net.history) - net.history.dense_count == SPARSE
    assert len(net.history) == DENSE + 1 + SPARSE
    assert len(pickle.dumps(net)) < 20 * 2**20


@pytest.mark.parametrize("options", [
    {}, {"rule": "exact"}, {"activation": "tanh"}, {"activation": "relu", "bias": True},
    {"hidden": 8, "bias": True, "learning_rate": 1000.0, "activation": "relu"},
    {"hidden": 8, "bias": True, "learning_rate": 1000.0, "activation": "tanh"},
])
def test_long_runs_raise_no_warning_and_stay_finite(options):
    net = Network(**options)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net.train(30_000)
    assert net.epoch == 30_000 and not net.diverged
    assert np.all(np.isfinite(net.params)) and np.all(np.isfinite(net.history.loss))


def test_divergence_stops_training_and_reports_the_epoch():
    """No option within bounds diverges, so plant finite weights so large that X . weights1 overflows."""
    net = Network(activation="relu", rule="exact")
    net.train(3)
    net._params = np.array([1e308, 1e308, 1e308, 1e308, -1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        done = net.train(100)
    assert done == 0 and net.diverged and net.diverged_at == 4
    assert net.epoch == 3 and np.all(np.isfinite(net.params))
    assert net.train(10) == 0  # a diverged network stays put
    assert np.all(np.isfinite(net.history.loss))


def test_progress_is_reported_in_chunks():
    calls = []
    people = People([f"p{i}" for i in range(100)], np.full((100, 4), 0.5), np.full(100, 0.5))
    Network(people, hidden=8).train(10_000, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (10_000, 10_000) and len(calls) > 1


def test_predict_returns_one_score_per_row():
    net = Network()
    assert net.predict([[0.2, 1.0, 0.4, 0.3], [0, 0, 0, 0]]).shape == (2,)
    assert net.predict([0.2, 1.0, 0.4, 0.3]).shape == (1,)


@pytest.mark.parametrize("rows, words", [
    ([[0.2, 1.0, 0.4]], "rows of 4"),
    ([[[0.2, 1.0, 0.4, 0.3]]], "rows of 4"),
    ([], "rows of 4"),
    ([["a", 1, 0.4, 0.3]], "must be numbers"),
    ([[None, 1, 0.4, 0.3]], "must be numbers"),
    ([[True, False, True, False]], "not True/False"),
    ([[np.nan, 1, 0.4, 0.3]], "finite"),
    ([[np.inf, 1, 0.4, 0.3]], "finite"),
    ([[1.5, 1, 0.4, 0.3]], "between 0 and 1"),
    ([[-0.1, 1, 0.4, 0.3]], "between 0 and 1"),
])
def test_predict_rejects_bad_input_by_name(rows, words):
    with pytest.raises(ValueError, match=words):
        Network().predict(rows)


@pytest.mark.parametrize("options, words", [
    ({"rule": "mine"}, "rule"), ({"learning_rate": 0}, "learning rate"), ({"learning_rate": -1}, "learning rate"),
    ({"learning_rate": float("nan")}, "learning rate"), ({"learning_rate": 1e9}, "learning rate"),
    ({"learning_rate": "1"}, "learning rate"), ({"learning_rate": 0.0009}, "from 0.001 to 1000"),
    ({"bias": "yes"}, "bias"), ({"hidden": 0}, "hidden"),
    ({"hidden": 9}, "hidden"), ({"hidden": 2.5}, "hidden"), ({"activation": "softmax"}, "activation"),
    ({"seed": -1}, "seed"), ({"seed": 2**32}, "seed"), ({"people": [[0.1] * 4]}, "People"),
])
def test_bad_options_are_refused_by_name(options, words):
    with pytest.raises(ValueError, match=words):
        Network(**options)


def test_the_learning_rates_bounds_are_the_labs_boxs():
    """0.001 is the smallest rate the Lab's three-decimal box can show as itself, and the engine's smallest."""
    for rate in (0.001, 1000.0):
        assert Network(learning_rate=rate).learning_rate == rate


@pytest.mark.parametrize("epochs", [-1, 1_000_001, 2.0, "10", True])
def test_bad_epoch_counts_are_refused(epochs):
    with pytest.raises(ValueError, match="epochs"):
        Network().train(epochs)


GOOD = (["A", "B"], [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]], [0.2, 0.9])


@pytest.mark.parametrize("names, X, y, words", [
    ([], np.empty((0, 4)), [], "1 to 100 people"),
    ([f"p{i}" for i in range(101)], np.zeros((101, 4)), np.zeros(101), "1 to 100 people"),
    (["A", " "], GOOD[1], GOOD[2], "row 2: the name is empty"),
    (["A", "A"], GOOD[1], GOOD[2], "already used in row 1"),
    (GOOD[0], [[0.1, 0.2, 0.3], [0.5, 0.6, 0.7]], GOOD[2], "4 scores"),
    (GOOD[0], [[0.1, 0.2, 0.3, 0.4], [0.5, 1.6, 0.7, 0.8]], GOOD[2], r"row 2 \(B\), Relationships: 1.6 is outside"),
    (GOOD[0], [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, np.nan]], GOOD[2], r"row 2 \(B\), Baseline: nan is not a finite"),
    (GOOD[0], GOOD[1], [0.2, -0.1], r"row 2 \(B\), truth: -0.1 is outside"),
    (GOOD[0], [["x", 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]], GOOD[2], "must be numbers"),
    (GOOD[0], GOOD[1], [0.2], "one number per person"),
])
def test_bad_people_are_refused_by_row_and_column(names, X, y, words):
    with pytest.raises(ValueError, match=words):
        People(names, X, y)


def test_people_from_rows_names_the_cell():
    with pytest.raises(ValueError, match=r"row 1 \(A\), Money: 'lots' is not a number"):
        People.from_rows([{"name": "A", "Money": "lots", "Relationships": 0, "Sandwiches": 0, "Baseline": 0, "truth": 1}])


def test_own_people_train_with_the_exact_rule():
    people = People(*GOOD)
    net = Network(people, rule="exact")
    net.train(100)
    assert net.people.names == ("A", "B") and net.output.shape == (2, 1)
    assert net.loss < Network(people).loss


def test_a_copy_trains_without_touching_the_original():
    net = Network()
    net.train(50)
    twin = net.copy()
    twin.train(50)
    twin.set_rule("exact")
    assert net.epoch == 50 and len(net.history) == 51 and net.changes == [(0, "series", 1.0)]
    np.testing.assert_array_equal(net.params, trained_to(50).params)
    assert twin.epoch == 100


def trained_to(epochs):
    net = Network()
    net.train(epochs)
    return net


def test_history_outputs_for_some_samples_are_those_rows_of_all():
    net = Network(hidden=3, bias=True, seed=1)
    net.train(300)
    rows = np.array([0, 7, 150, 300])
    np.testing.assert_allclose(net.history.outputs(rows), net.history.outputs()[rows], rtol=0, atol=1e-15)
