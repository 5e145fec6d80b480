"""The figure functions: right traces, right values, and bounded size after a million epochs."""

import numpy as np
import pytest
from helpers import trained

from nn import FEATURES, JAMES, Network, People
from nn import landscape as scapes
from ui import figures


def test_sample_keeps_first_and_last_and_stays_under_the_limit():
    idx = figures.sample(20_001, 1500)
    assert idx[0] == 0 and idx[-1] == 20_000 and len(idx) <= 1500 and np.all(np.diff(idx) > 0)
    np.testing.assert_array_equal(figures.sample(7, 1500), np.arange(7))


@pytest.mark.parametrize("hidden, bias", [(1, False), (3, True), (8, True)])
def test_network_diagram_draws_every_weight_with_width_sign_and_label(hidden, bias):
    net = Network(hidden=hidden, bias=bias, seed=4)
    net.train(20)
    fig = figures.network_diagram(net.layout, net.params)
    edges = [t for t in fig.data if t.mode == "lines"]
    assert len(edges) == 5 * hidden
    weights = np.concatenate([net.weights1.ravel(), net.weights2.ravel()])
    widths = np.array([t.line.width for t in edges])
    assert np.argmax(widths) == np.argmax(np.abs(weights))
    colors = [t.line.color for t in edges]
    assert all(c == (figures.POSITIVE if w >= 0 else figures.NEGATIVE) for c, w in zip(colors, weights, strict=True))
    edge_labels = [a.text for a in fig.layout.annotations if a.name == "edge"]
    if hidden <= figures.MAX_LABELLED_WIDTH:
        assert edge_labels == [f"{w:.3f}" for w in weights]
    else:  # too many to label without piling up: each edge gives its value on hover instead
        assert not edge_labels and "hover over an edge" in fig.layout.title.text
    hidden_labels = [a.text for a in fig.layout.annotations if a.name.startswith("hidden ")]
    names = ["hidden"] if hidden == 1 else [f"hidden {k + 1}" for k in range(hidden)]
    assert hidden_labels == (names if not bias else [f"{n}<br>bias {b:.3f}" for n, b in zip(names, net.bias1,
                                                                                               strict=True)])
    # a wide layer gets a taller figure, so that each neuron keeps room for its label
    assert fig.layout.height >= 1.3 * figures.NEURON_GAP[bias] * (hidden - 1)
    assert [t.text for t in edges] == [f"{n} = {w:.6f}" for n, w in zip(
        [f"weights1[{i}][{k}]" for i in range(4) for k in range(hidden)] + [f"weights2[{k}][0]" for k in range(hidden)],
        weights, strict=True)]
    neurons = next(t for t in fig.data if t.name == "neurons")
    assert ("bias" in neurons.text[-1]) == bias


def test_weights_over_time_has_a_line_per_weight():
    net = trained(1900)
    fig = figures.weights_over_time(net.history, net.layout.names())
    assert [t.name for t in fig.data] == net.layout.names()
    assert fig.data[4].y[-1] == pytest.approx(16.443215, abs=1e-6)
    assert fig.data[0].x[0] == 0 and fig.data[0].x[-1] == 1900


def test_outputs_vs_truth_shows_bars_markers_and_values():
    net = trained(1900)
    fig = figures.outputs_vs_truth(net.people.names, net.output[:, 0], net.people.y[:, 0])
    bars, truth = fig.data
    values = fig.layout.annotations
    assert bars.type == "bar" and [a.text for a in values] == ["output 0.931", "output 0.831", "output 0.500"]
    np.testing.assert_allclose(truth.y, [1.0, 0.85, 0.4])
    # the values sit in a row above every bar and marker, so nothing crosses them
    assert all(a.y == figures.VALUE_ROW > 1 for a in values) and fig.layout.yaxis.range[1] > figures.VALUE_ROW
    many = figures.outputs_vs_truth([f"p{i}" for i in range(13)], np.full(13, 0.5), np.full(13, 0.5))
    assert not many.layout.annotations  # too many to label: the values are on hover


def test_outputs_over_time_has_a_line_per_person_ending_now():
    net = trained(1900)
    fig = figures.outputs_over_time(net.history, net.people.names, net.people.y[:, 0])
    lines = [t for t in fig.data if t.fill is None and t.showlegend is not False]
    assert [t.name for t in lines] == ["Alejandra", "Bob", "Alice"]
    np.testing.assert_allclose([t.y[-1] for t in lines], net.output[:, 0], atol=1e-6)


def test_loss_curve_log_scale_marks_and_overlays():
    net = trained(1900)
    fig = figures.loss_curve(net.history, log=True, changes=[(400, "exact rule")],
                             runs=[("kept <b>run</b>", [0, 10], [0.3, 0.2], "series rule %{y}")])
    assert fig.layout.yaxis.type == "log"
    assert [t.name for t in fig.data if t.hoverinfo != "skip"] == ["kept &lt;b&gt;run&lt;/b&gt;", "this run"]
    kept = fig.data[0]  # the learner's name and the run's label are shown as text, never read as a template
    assert kept.meta == ("kept &lt;b&gt;run&lt;/b&gt;", "series rule %{y}") and "%{meta[1]}" in kept.hovertemplate
    assert fig.data[-1].y[-1] == pytest.approx(0.015102, abs=1e-6)
    assert any(s.x0 == 400 for s in fig.layout.shapes)
    assert figures.loss_curve(net.history).layout.yaxis.type == "linear"


def test_a_single_epoch_still_draws_a_visible_point():
    fig = figures.loss_curve(Network().history)
    assert "markers" in fig.data[-1].mode


def test_replay_frames_hold_the_history_at_their_epoch():
    net = trained(1900)
    fig = figures.replay(net.history, net.people.names, net.people.y[:, 0], net.layout.names())
    assert 2 <= len(fig.frames) <= figures.MAX_FRAMES
    assert not fig.layout.sliders  # one slider, the page's, picks the epoch for the chart and the numbers
    outputs = net.history.outputs()
    for frame in fig.frames[::17]:
        i = net.history.at(int(frame.name))
        assert net.history.epochs[i] == int(frame.name)
        np.testing.assert_allclose(frame.data[1].y, outputs[i], atol=1e-6)
        np.testing.assert_allclose(frame.data[2].y, net.history.params[i], atol=1e-6)
    assert fig.frames[-1].name == "1900" and fig.frames[0].name == "0"


@pytest.fixture(scope="module")
def million():
    return trained(1_000_000)


def all_figures(net):
    names, truth, params = net.people.names, net.people.y[:, 0], net.layout.names()
    return {
        "diagram": figures.network_diagram(net.layout, net.params),
        "weights": figures.weights_over_time(net.history, params),
        "bars": figures.outputs_vs_truth(names, net.output[:, 0], truth),
        "outputs": figures.outputs_over_time(net.history, names, truth),
        "errors": figures.squared_error_over_time(net.history, names, truth),
        "loss": figures.loss_curve(net.history, log=True),
        "replay": figures.replay(net.history, names, truth, params),
        "landscape": figures.landscape(scapes.landscape(net, *scapes.default_pair(net.layout), "path")),
        "learned": figures.learned(scapes.learned(net, others=[JAMES]), FEATURES),
    }


def test_every_figure_stays_under_300_kb_after_a_million_epochs(million):
    assert million.epoch == 1_000_000
    for name, fig in all_figures(million).items():
        payload = fig.to_json()
        assert len(payload) < 300_000, (name, len(payload))
        assert "NaN" not in payload and "Infinity" not in payload
    replay = all_figures(million)["replay"]
    assert len(replay.frames) <= 200 and replay.frames[-1].name == "1000000"
    gaps = np.diff([int(frame.name) for frame in replay.frames])
    assert gaps.max() <= 2 * 1_000_000 / (len(replay.frames) - 1)  # evenly spread over the epochs, not the samples


def test_replay_shows_the_picked_epoch_and_plays_from_epoch_0():
    net = trained(1900)
    i = net.history.at(500)
    fig = figures.replay(net.history, net.people.names, net.people.y[:, 0], net.layout.names(), at=i)
    marker, people, weights = fig.data[1:4]
    assert marker.x == (500,) and fig.layout.title.text == "The network at epoch 500"
    np.testing.assert_allclose(people.y, net.history.outputs([i])[0], atol=1e-6)
    np.testing.assert_allclose(weights.y, net.history.params[i], atol=1e-6)
    assert list(weights.x) == ["Money", "Relationships", "Sandwiches", "Baseline", "weights2"]
    assert list(weights.hovertext) == net.layout.names()
    assert fig.layout.updatemenus[0].buttons[0].label == "▶ Replay from epoch 0"
    assert fig.frames[5].layout.title.text == f"The network at epoch {int(fig.frames[5].name):,}"


def test_compact_weight_names_are_short_and_distinct():
    from nn import Layout
    for layout in (Layout(1, True), Layout(8, True)):
        names = [figures.compact(n) for n in layout.names()]
        assert len(set(names)) == len(names) and max(map(len, names)) <= 16, names
    assert figures.compact("weights1 Money → hidden 3") == "Money→3"
    assert figures.compact("weights2 hidden 3 → output") == "weights2 3"


def test_every_figure_carries_the_playgrounds_look():
    """The pages draw charts with Streamlit's theme off, so each figure must bring its own, not plotly's default."""
    for name, fig in all_figures(trained(1900)).items():
        template = fig.to_plotly_json()["layout"]["template"]
        assert template == figures.TEMPLATE, name
        assert template["layout"]["colorway"][0] == figures.POSITIVE


def test_time_charts_never_run_below_epoch_0_or_loss_0():
    """At epoch 0 a chart holds one point; plotly's autorange would otherwise run the axes from -1."""
    net = Network()
    for name, fig in all_figures(net).items():
        if name in ("diagram", "bars", "replay", "landscape", "learned"):
            continue
        assert fig.layout.xaxis.rangemode == "nonnegative", name
        assert all(t.cliponaxis is False for t in fig.data), name  # the lone point is drawn whole
    assert figures.loss_curve(net.history).layout.yaxis.rangemode == "tozero"
    assert figures.loss_curve(net.history, log=True).layout.yaxis.rangemode is None  # a log axis has no 0


def test_replay_of_a_big_data_set_stays_small():
    from nn import People
    rng = np.random.default_rng(1)
    people = People([f"person {i}" for i in range(100)], rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100))
    net = Network(people, hidden=8, bias=True)
    net.train(3000)
    for name, fig in all_figures(net).items():
        assert len(fig.to_json()) < 300_000, name


def test_names_with_markup_are_shown_as_typed():
    from nn import People
    net = Network(People(["<b>x</b>", "Bo & Jo"], [[0.1] * 4, [0.2] * 4], [0.3, 0.4]))
    names, truth = net.people.names, net.people.y[:, 0]
    bars = figures.outputs_vs_truth(names, net.output[:, 0], truth)
    assert list(bars.data[0].x) == ["&lt;b&gt;x&lt;/b&gt;", "Bo &amp; Jo"]
    for fig in (figures.outputs_over_time(net.history, names, truth),
                figures.squared_error_over_time(net.history, names, truth)):
        assert fig.data[0].name == "&lt;b&gt;x&lt;/b&gt;"
    replay = figures.replay(net.history, names, truth, net.layout.names())
    assert "<b>" not in replay.to_json()


def test_band_widens_each_drawn_point_to_hold_the_points_it_skips():
    low, high = np.array([5.0, 1.0, 9.0, 2.0, 3.0]), np.array([5.0, 4.0, 9.0, 7.0, 3.0])
    lo, hi = figures.band(np.array([0, 2, 4]), low, high)
    np.testing.assert_array_equal(lo, [5.0, 1.0, 2.0])
    np.testing.assert_array_equal(hi, [5.0, 9.0, 7.0])


def test_a_swinging_loss_is_drawn_as_a_band_that_holds_every_epoch():
    net = trained(100_000)
    fig = figures.loss_curve(net.history)
    high, low = (t for t in fig.data if t.hoverinfo == "skip")
    assert low.fill == "tonexty" and low.showlegend and fig.layout.showlegend
    late = np.asarray(low.x) > 20_000
    assert np.all((np.asarray(high.y) - np.asarray(low.y))[late] > 0.01)
    assert min(low.y) <= net.best[1] + 1e-8 and max(high.y) >= net.history.loss_band[1].max() - 1e-8


def test_a_quiet_run_draws_no_band():
    fig = figures.loss_curve(trained(1900).history)
    assert all(t.hoverinfo != "skip" for t in fig.data)
    people = figures.outputs_over_time(trained(100_000).history, ["A", "B", "C"], [1.0, 0.85, 0.4])
    assert any(t.fill == "tonexty" for t in people.data)


def test_a_long_name_is_cut_on_the_axis_but_kept_whole_on_the_bar():
    long = "A" * 40 + " <b>x</b>"
    fig = figures.outputs_vs_truth([long, "Bob"], [0.5, 0.6], [0.4, 0.7])
    assert list(fig.layout.xaxis.ticktext) == ["A" * 19 + "…", "Bob"]
    assert fig.data[0].x[0] == "A" * 40 + " &lt;b&gt;x&lt;/b&gt;"       # hover: the whole name, as typed
    assert list(fig.layout.xaxis.tickvals) == list(fig.data[0].x)


def test_log_scale_labels_every_tick_in_full():
    """Plotly abbreviates a log axis's in-between ticks to their first digit (2, 3, ... 0.1, 2) unless the
    axis has a format of its own; in Chromium the Loss chart at 1,900 epochs then reads 0.02 ... 0.1, 0.2, 0.3."""
    fig = figures.loss_curve(trained(1900).history, log=True)
    assert fig.layout.yaxis.tickformat == ".2~g"


def test_landscape_draws_the_surface_the_path_the_point_and_both_steps():
    net = trained(1900)
    scape = scapes.landscape(net, *scapes.default_pair(net.layout))
    fig = figures.landscape(scape)
    surface = fig.data[0]
    c, r = list(surface.x).index(round(scape.at[0], 9)), list(surface.y).index(round(scape.at[1], 9))
    assert surface.z[r][c] == pytest.approx(net.loss, abs=1e-9)
    path = next(t for t in fig.data if t.name == "the path training took")
    assert len(path.x) <= figures.MAX_POINTS and path.customdata[-1] == 1900
    now = next(t for t in fig.data if t.name.startswith("now"))
    assert (now.x[0], now.y[0]) == tuple(scape.at) and f"{net.loss:.6f}" in now.text
    scale = figures.arrow_scale(scape.xs[-1] - scape.xs[0], scape.ys[-1] - scape.ys[0], scape.series_step,
                                scape.exact_step)
    assert scale > 1  # at epoch 1,900 the steps are tiny: drawn longer, and the legend says so
    for step, name in ((scape.series_step, "series"), (scape.exact_step, "exact")):
        arrow = next(t for t in fig.data if name in t.name)
        assert f"drawn {scale:,.0f}× longer" in arrow.name
        np.testing.assert_allclose([arrow.x[1], arrow.y[1]], scape.at + step * scale)
        assert f"{step[0]:+.6f} across, {step[1]:+.6f} up" in arrow.text


def test_a_step_that_shows_is_drawn_at_its_true_length():
    scape = scapes.landscape(Network(), 4, 2)
    fig = figures.landscape(scape)
    arrow = next(t for t in fig.data if "series" in t.name)
    assert "longer" not in arrow.name
    np.testing.assert_allclose([arrow.x[1], arrow.y[1]], scape.at + scape.series_step)


def test_learned_map_colours_people_by_truth_and_escapes_names():
    people = People(["<b>x</b>", "Bo & Jo"], [[0.1, 0.2, 0.3, 0.4], [0.9, 0.8, 0.7, 0.6]], [0.3, 0.9])
    net = Network(people)
    net.train(50)
    view = scapes.learned(net, 2, 0, ("<i>held</i>", (0.5, 0.5, 0.5, 0.5)), [("<img src=x>", (0.1, 0.1, 0.1, 0.1))])
    fig = figures.learned(view, FEATURES)
    heat, dots, new = fig.data
    assert (heat.zmin, heat.zmax) == (0, 1) and len(heat.z) == len(view.ys) and len(heat.z[0]) == len(view.xs)
    assert list(dots.marker.color) == [0.3, 0.9] and list(dots.x) == [0.3, 0.7] and list(dots.y) == [0.1, 0.9]
    assert list(dots.text) == ["&lt;b&gt;x&lt;/b&gt;", "Bo &amp; Jo"]
    assert new.text[0] == "&lt;img src=x&gt;" and new.marker.symbol == "diamond"
    assert fig.layout.xaxis.title.text == "Sandwiches" and fig.layout.yaxis.title.text == "Money"
    assert "Relationships and Baseline held at &lt;i&gt;held" in heat.hovertemplate
    assert "<b>" not in fig.to_json() and "<img" not in fig.to_json()


def test_every_title_fits_a_phone():
    """At 390 px a chart has room for about 40 characters of title: longer ones were cut off (#11, defect 11)."""
    for name, fig in all_figures(trained(1900)).items():
        assert len(fig.layout.title.text) <= 40, (name, fig.layout.title.text)


def test_the_replay_of_epoch_0_has_a_loss_axis_from_0_and_nothing_to_play():
    net = Network()
    fig = figures.replay(net.history, net.people.names, net.people.y[:, 0], net.layout.names())
    assert fig.layout.yaxis.range[0] == 0 and fig.layout.yaxis.range[1] > net.loss
    assert not fig.layout.updatemenus and not fig.frames
    trained_fig = figures.replay(trained(1900).history, net.people.names, net.people.y[:, 0], net.layout.names())
    assert [b.label for b in trained_fig.layout.updatemenus[0].buttons] == ["▶ Replay from epoch 0", "❚❚ Pause"]
    assert trained_fig.layout.yaxis.range[0] == 0


def _posts(n, hidden=()):
    return [{"id": i, "learner": f"L{i % 5}", "note": "<b>bold</b>" if i == 0 else "", "hidden": i in hidden,
             "run": {"curve": {"epochs": list(range(0, 1000, 10)), "loss": [1 / (e + 1) for e in range(0, 1000, 10)]}}}
            for i in range(n)]


def test_the_class_board_names_a_few_runs_in_a_legend_each_thinned_and_shown_as_text():
    fig = figures.class_board(_posts(3, hidden={1}))
    assert [t.name for t in fig.data] == ["L0", "L1", "L2"] and fig.layout.showlegend
    assert all(len(t.x) <= figures.BOARD_POINTS for t in fig.data) and fig.data[0].x[-1] == 990
    assert fig.data[1].line.dash == "dot" and "<b>" not in fig.data[0].meta[1] and "bold" in fig.data[0].meta[1]


def test_the_class_board_draws_many_runs_as_two_lines_whose_points_name_their_run():
    fig = figures.class_board(_posts(40, hidden={3, 7}))
    shown, hidden = fig.data
    assert not fig.layout.showlegend and hidden.line.dash == "dot"
    assert shown.x.count(None) == 38 and hidden.x.count(None) == 2 and len(shown.x) == 38 * (figures.BOARD_POINTS + 1)
    assert set(hidden.customdata) == {"L3 #1", "L2 #2"} and len(hidden.customdata) == len(hidden.x)
