"""The landscape and the learned map: every number is the training's own (net.loss, trace, net.predict)."""

import numpy as np
import pytest
from helpers import trained

from nn import FEATURES, JAMES, Network, People, trace
from nn import landscape as scapes

OPTIONS = [
    {},
    {"rule": "exact", "learning_rate": 0.5},
    {"hidden": 3, "activation": "tanh", "bias": True, "seed": 4},
    {"hidden": 8, "activation": "relu", "bias": True, "rule": "exact", "learning_rate": 0.1},
]
OWN_PEOPLE = People.from_rows([{"name": f"p{i}", "Money": i / 9, "Relationships": 1 - i / 9, "Sandwiches": 0.5,
                                "Baseline": (i % 3) / 2, "truth": (i % 4) / 3} for i in range(10)])


def network(options, epochs=300, people=None):
    net = Network(people, **options)
    net.train(epochs)
    return net


def value_at(xs, ys, grid, x, y):
    """The grid's value at the point (x, y), which must be on both axes exactly."""
    c, r = np.flatnonzero(xs == x), np.flatnonzero(ys == y)
    assert len(c) == 1 and len(r) == 1, "the point is not on the grid"
    return grid[r[0], c[0]]


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("view", scapes.VIEWS)
def test_the_surface_at_the_current_point_is_the_loss(options, view):
    net = network(options)
    size = net.layout.size
    for i, j in [scapes.default_pair(net.layout), (0, size - 1), (size - 1, 1)]:
        scape = scapes.landscape(net, i, j, view)
        assert abs(value_at(scape.xs, scape.ys, scape.loss, *scape.at) - net.loss) <= 1e-12
        assert scape.current_loss == net.loss


@pytest.mark.parametrize("options", OPTIONS)
def test_the_surface_elsewhere_is_the_loss_of_the_moved_weights(options):
    net = network(options)
    scape = scapes.landscape(net, 0, 4 * net.layout.hidden)
    for r, c in [(0, 0), (7, 30), (len(scape.ys) - 1, len(scape.xs) - 1)]:
        params = net.params.copy()
        params[0], params[4 * net.layout.hidden] = scape.xs[c], scape.ys[r]
        output = net.layout.feedforward(net.people.X, params)[1][:, 0]
        assert abs(scape.loss[r, c] - np.sum((net.people.y[:, 0] - output) ** 2)) <= 1e-12


@pytest.mark.parametrize("options", OPTIONS)
def test_the_arrows_are_the_traces_steps(options):
    net = network(options, people=OWN_PEOPLE if options.get("hidden") == 8 else None)
    i, j = scapes.default_pair(net.layout)
    scape = scapes.landscape(net, i, j)
    for step, rule in ((scape.series_step, "series"), (scape.exact_step, "exact")):
        expected = trace(net, rule=rule).d_params[[i, j]] * net.learning_rate
        np.testing.assert_allclose(step, expected, rtol=0, atol=1e-12)
    own = scape.series_step if net.rule == "series" else scape.exact_step
    after = net.copy()
    after.train(1)
    np.testing.assert_allclose(scape.at + own, after.params[[i, j]], rtol=0, atol=1e-12)


def test_the_exact_step_goes_downhill_and_the_series_step_need_not():
    """The exact arrow is minus the gradient: a tiny step along it lowers the loss; at epoch 1,900 the series' doesn't."""
    net = trained(1900)
    i, j = scapes.default_pair(net.layout)
    scape = scapes.landscape(net, i, j)

    def loss_after(step):
        params = net.params.copy()
        params[[i, j]] += step * 1e-3
        return np.sum((net.people.y[:, 0] - net.layout.feedforward(net.people.X, params)[1][:, 0]) ** 2)
    assert loss_after(scape.exact_step) < net.loss
    assert loss_after(scape.series_step) > net.loss


def test_the_path_is_the_history_and_the_whole_path_view_holds_it():
    net = trained(1900)
    i, j = scapes.default_pair(net.layout)
    scape = scapes.landscape(net, i, j, "path")
    np.testing.assert_array_equal(scape.path, net.history.params[:, [i, j]])
    assert scape.path_epochs[0] == 0 and scape.path_epochs[-1] == 1900
    assert scape.xs[0] <= scape.path[:, 0].min() and scape.path[:, 0].max() <= scape.xs[-1]
    assert scape.ys[0] <= scape.path[:, 1].min() and scape.path[:, 1].max() <= scape.ys[-1]
    around = scapes.landscape(net, i, j, "around")
    assert around.xs[-1] - around.xs[0] == pytest.approx(2 * scapes.AROUND_HALF)


@pytest.mark.parametrize("i, j, said", [(0, 0, "two different"), (0, 5, "from 0 to 4"), (-1, 0, "from 0 to 4"),
                                        (True, 0, "a number"), (0.5, 1, "a number")])
def test_a_bad_pair_of_weights_is_refused_in_plain_words(i, j, said):
    with pytest.raises(ValueError, match=said):
        scapes.landscape(Network(), i, j)


def test_a_bad_view_is_refused():
    with pytest.raises(ValueError, match="view"):
        scapes.landscape(Network(), 0, 4, "sideways")


def test_a_diverged_network_gives_a_surface_with_no_nan():
    net = Network(activation="relu", rule="exact")
    net._params = np.array([1e308, 1e308, 1e308, 1e308, -1.0])
    scape = scapes.landscape(net, 0, 4)
    assert not np.any(np.isnan(scape.loss))
    assert np.all(np.isfinite(scape.series_step)) and np.all(np.isfinite(scape.exact_step))


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("held", [JAMES, ("Alice", (0.3, 0.4, 0.5, 0.4))])
def test_the_map_under_each_point_is_predict_of_that_point(options, held):
    people = OWN_PEOPLE if options.get("hidden") == 8 else None
    net = network(options, people=people)
    scored = [("Zoe", (0.123456789, 0.9, 0.1, 0.7))]
    for across, up in [(0, 1), (2, 3), (3, 0)]:
        view = scapes.learned(net, across, up, held, scored)
        assert len(view.points) == len(net.people) + 1
        for _name, x, y, _truth, on_map, _own in view.points:
            row = view.row(x, y)
            assert row[[k for k in range(4) if k not in (across, up)]].tolist() == \
                [held[1][k] for k in range(4) if k not in (across, up)]
            expected = net.predict([row])[0]
            assert abs(value_at(view.xs, view.ys, view.output, x, y) - expected) <= 1e-12
            assert on_map == expected
        own_scores = dict(zip(net.people.names, net.predict(net.people.X), strict=True))
        own_scores["Zoe"] = net.predict([scored[0][1]])[0]
        assert {p[0]: p[5] for p in view.points} == own_scores
        assert [p[3] for p in view.points] == [*net.people.y[:, 0].tolist(), None]


def test_the_map_spans_0_to_1_and_names_its_scores():
    view = scapes.learned(trained(1900))
    assert view.xs[0] == 0 and view.xs[-1] == 1 and view.ys[0] == 0 and view.ys[-1] == 1
    assert view.output.shape == (len(view.ys), len(view.xs))
    assert np.all((view.output > 0) & (view.output < 1))
    assert FEATURES[view.across] == "Money" and FEATURES[view.up] == "Relationships" and view.held_name == "James"


@pytest.mark.parametrize("across, up, held, said", [
    (1, 1, JAMES, "two different"), (4, 0, JAMES, "from 0 to 3"), (0, 1, ("X", (0.2, 2.0, 0.4, 0.3)), "between 0 and 1"),
    (0, 1, ("X", (0.2, float("nan"), 0.4, 0.3)), "finite")])
def test_a_bad_map_is_refused_in_plain_words(across, up, held, said):
    with pytest.raises(ValueError, match=said):
        scapes.learned(Network(), across, up, held)


def test_a_crowd_of_points_keeps_the_map_small_and_each_points_value_exact():
    rng = np.random.default_rng(3)
    crowd = [(f"n{i}", tuple(rng.uniform(0, 1, 4))) for i in range(300)]
    net = trained(1900)
    view = scapes.learned(net, 0, 1, JAMES, crowd)
    most = scapes.LEARNED_SIZE + scapes.MAX_EXACT
    assert len(view.xs) <= most and len(view.ys) <= most
    for _name, x, y, _, on_map, _ in view.points:
        assert on_map == net.predict([view.row(x, y)])[0]
