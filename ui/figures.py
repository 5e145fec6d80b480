"""Plotly figures as pure functions: a network or its history in, a go.Figure out.

Nothing here touches Streamlit, so every figure is tested on its own. Figures are written as
plain dicts and wrapped without plotly's per-object validation (`_figure`), which is what keeps
a rerun fast: validating a 200-frame replay alone took half a second. Long histories are
sampled (MAX_POINTS a line, MAX_FIGURE_POINTS a figure, MAX_FRAMES a replay) so that each
figure's JSON stays small even after a million epochs.
"""

import html

import numpy as np
import plotly.graph_objects as go

from nn import FEATURES

MAX_POINTS = 1500           # a line's points at most
MAX_FIGURE_POINTS = 12_000  # all lines of one figure together, so many people or weights stay light
MAX_FRAMES = 200
MAX_FRAME_NUMBERS = 12_000  # numbers across all frames of a replay, for big data sets
MAX_LABEL = 20              # characters of a name on a chart's axis
MAX_LEGEND = 10             # lines a legend lists at most; with more, each line names itself on hover
LEGEND_BELOW = {"orientation": "h", "y": -0.25}  # under the chart, so on a phone it doesn't squeeze the plot
LOG_AXIS = {"type": "log", "tickformat": ".2~g"}  # every tick labelled in full, not 2, 3, ... 0.1, 2
BAND_MIN = 0.004            # a band narrower than this share of the axis is drawn as the line alone
SWING_NAME = "swing: lowest to highest between drawn points"
POSITIVE, NEGATIVE, TRUTH = "#2563eb", "#dc2626", "#111827"
PALETTE = ("#2563eb", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#db2777", "#65a30d", "#475569")
_FONT = "Source Sans, Source Sans Pro, sans-serif"
_AXIS = {"gridcolor": "#e5e7eb", "zerolinecolor": "#cbd5e1", "linecolor": "#cbd5e1",
         "tickfont": {"size": 12, "color": "#6b7280"}, "title": {"font": {"size": 14, "color": "#6b7280"}}}
# The playground's own look, carried by each figure. The pages draw charts with Streamlit's theme off
# (ui/charts.py): restyling every trace in the browser cost about 35 ms a click on the Loss page.
# Margins are fixed (MARGIN) rather than grown to fit (automargin), which would lay a chart out twice.
MARGIN = {"l": 70, "r": 20, "t": 50, "b": 50}  # room for the y axis's title and numbers, the x axis's below
TEMPLATE = {"layout": {
    "font": {"family": _FONT, "size": 14, "color": TRUTH}, "colorway": list(PALETTE),
    "title": {"font": {"size": 16, "weight": "bold"}, "x": 0, "xanchor": "left", "xref": "container", "pad": {"l": 4}},
    "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)", "hoverlabel": {"font": {"family": _FONT}},
    "xaxis": {**_AXIS, "showgrid": False}, "yaxis": _AXIS, "legend": {"font": {"size": 13}},
}}


PRESENTED_FONT = 1.4  # presenter mode's text on a chart, against the usual size


def presented(figure):
    """Return the figure with text PRESENTED_FONT times larger, for a projector (presenter mode)."""
    big = lambda size: round(size * PRESENTED_FONT)  # noqa: E731
    fig = go.Figure(figure)
    fig.update_layout(font_size=big(14), title_font_size=big(16), legend_font_size=big(13))
    fig.update_xaxes(tickfont_size=big(12), title_font_size=big(14))
    fig.update_yaxes(tickfont_size=big(12), title_font_size=big(14))
    fig.update_annotations(font_size=big(12))
    return fig


def sample(count, limit):
    """Return at most limit indices into range(count), evenly spread, first and last included."""
    if count <= limit:
        return np.arange(count)
    return np.unique(np.linspace(0, count - 1, limit).round().astype(int))


def line_index(history, lines):
    """Indices into the history for a figure of `lines` lines, within both point budgets."""
    return sample(len(history), max(30, min(MAX_POINTS, MAX_FIGURE_POINTS // max(lines, 1))))


def band(idx, low, high):
    """Return (low, high) at the drawn samples idx, each widened to hold every sample since the drawn one before.

    So a chart that draws one point in ten still shows how far the values swung in between.
    """
    starts = np.concatenate([[0], np.asarray(idx)[:-1] + 1])
    return np.minimum.reduceat(low, starts, axis=0), np.maximum.reduceat(high, starts, axis=0)


def _band_traces(x, y, low, high, color, name, showlegend=False):
    """Two traces that shade between low and high, or none where the band shows nothing the line y does not.

    The line from one drawn point to the next already spans their values; the band matters only where
    the values in between went beyond them, as they do when the loss swings from epoch to epoch.
    """
    y = np.asarray(y, dtype=float)
    before = np.concatenate([y[:1], y[:-1]])
    tol = BAND_MIN * (float(np.max(high) - np.min(low)) or 1.0)
    if not np.any((low < np.minimum(before, y) - tol) | (high > np.maximum(before, y) + tol)):
        return []
    edge = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0, "color": color}, "hoverinfo": "skip",
            "legendgroup": name, "cliponaxis": False}
    return [{**edge, "y": _r(high, 8), "name": name, "showlegend": False},
            {**edge, "y": _r(low, 8), "name": name, "showlegend": showlegend, "fill": "tonexty",
             "fillcolor": _translucent(color)}]


def _translucent(color):
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},0.25)"


def plain(names):
    """People's names as plotly should show them: as typed (plotly would read <b> and friends as markup)."""
    return [html.escape(str(name), quote=False) for name in names]


def _r(values, digits=6):
    """Round for the chart payload (the pages show exact numbers in tables)."""
    return np.round(np.asarray(values, dtype=float), digits)


def _mode(idx):
    """Lines, with markers too while there are too few points for a line to show."""
    return "lines+markers" if len(idx) < 30 else "lines"


def _figure(data, title, frames=None, **layout):
    """Wrap plain dicts as a go.Figure without plotly's slow validation."""
    layout = {"title": {"text": title}, "margin": MARGIN, "template": TEMPLATE, **layout}
    spec = {"data": data, "layout": layout}
    if frames is not None:
        spec["frames"] = frames
    return go.Figure(spec, _validate=False)


def _line(x, y, name, **extra):
    # markers at an axis's edge (epoch 0 alone) are drawn whole, not clipped in half
    return {"type": "scatter", "x": x, "y": y, "mode": _mode(x), "name": name, "cliponaxis": False, **extra}


def _axes(x_title, y_title, x=None, **y):
    return {"xaxis": {"title": {"text": x_title}, **(x or {})}, "yaxis": {"title": {"text": y_title}, **y}}


def _epoch_axes(y_title, **y):
    """Axes of a chart across epochs, never below epoch 0 (epoch 0 alone is one point: no axis to -1)."""
    return _axes("epoch", y_title, x={"rangemode": "nonnegative"}, **y)


MAX_LABELLED_WIDTH = 2  # wider, the edges' labels would pile on each other: values are on hover and in the table


LABEL_BACKGROUND = "rgba(255,255,255,0.85)"
NEURON_GAP = {False: 52, True: 74}  # px between hidden neurons: a one-line label (no bias), or two (bias)
DIAGRAM_MARGINS = 120               # px of the diagram's height outside its drawing area (title, margins)


def network_diagram(layout, params):
    """Draw inputs -> hidden -> output; edge width grows with |w|, colour shows the sign, labels give values.

    Up to MAX_LABELLED_WIDTH hidden neurons every edge is labelled; wider, the values are on hover (and in
    the Weights page's table), and the figure grows taller so the neurons stay apart.
    """
    weights1, weights2, bias1, bias2 = layout.split(np.asarray(params, dtype=float))
    h = layout.hidden
    ys_in, ys_hid = np.linspace(1, 0, 4), (np.linspace(1, 0, h) if h > 1 else np.array([0.5]))
    edges = [((0.0, ys_in[i]), (1.0, ys_hid[k]), float(weights1[i, k]), f"weights1[{i}][{k}]")
             for i in range(4) for k in range(h)]
    edges += [((1.0, ys_hid[k]), (2.0, 0.5), float(weights2[k, 0]), f"weights2[{k}][0]") for k in range(h)]
    biggest = max(abs(e[2]) for e in edges) or 1.0
    # where along its edge each label sits: halfway at width 1; at width 2 the edges to the second hidden
    # neuron carry theirs further along, so two labels leaving one input never meet
    along = [0.5] * len(edges) if h == 1 else [0.25 + 0.25 * (k % 2) for i in range(4) for k in range(h)] + [0.5] * h
    data = [{"type": "scatter", "x": [x0, x1], "y": [y0, y1], "mode": "lines", "name": name, "showlegend": False,
             "hoverinfo": "text", "text": f"{name} = {w:.6f}",
             "line": {"width": 1 + 9 * abs(w) / biggest, "color": POSITIVE if w >= 0 else NEGATIVE}}
            for (x0, y0), (x1, y1), w, name in edges]
    labels = [{"x": x0 + t * (x1 - x0), "y": y0 + t * (y1 - y0), "text": f"{w:.3f}", "showarrow": False,
               "bgcolor": LABEL_BACKGROUND, "font": {"size": 12, "color": TRUTH}, "name": "edge"}
              for ((x0, y0), (x1, y1), w, _), t in zip(edges, along, strict=True)] if h <= MAX_LABELLED_WIDTH else []
    labels += _hidden_labels(ys_hid, bias1)
    out_text = "output" + (f"<br>bias {bias2[0]:.3f}" if bias2 is not None else "")
    data.append({"type": "scatter", "x": [0] * 4 + [1] * h + [2], "y": list(ys_in) + list(ys_hid) + [0.5],
                 "mode": "markers+text", "name": "neurons", "showlegend": False, "hoverinfo": "text", "cliponaxis": False,
                 "marker": {"size": 30, "color": "#f9fafb", "line": {"width": 2, "color": TRUTH}},
                 "text": list(FEATURES) + [""] * h + [out_text],
                 "textposition": ["middle left"] * 4 + ["top center"] * h + ["middle right"]})
    title = "The network now" + ("" if h <= MAX_LABELLED_WIDTH else " (hover over an edge for its value)")
    # wide layers get a taller figure: neighbouring hidden neurons at least NEURON_GAP px apart, room for a label
    gap = NEURON_GAP[bias1 is not None]
    return _figure(data, title, height=max(420, round(DIAGRAM_MARGINS + 1.3 * gap * (h - 1))),
                   annotations=labels, xaxis={"visible": False, "range": [-0.9, 2.6]},
                   yaxis={"visible": False, "range": [-0.15, 1.15]})


def _hidden_labels(ys_hid, bias1):
    """The diagram's label for each hidden neuron (its name, and its bias if it has one), at heights ys_hid.

    Each sits beside its circle on the output's side, away from the edges: above it for a neuron level with
    the output or higher (its edge to the output runs level or down), below it for one lower (its edge runs
    up). The inputs' edges all come in from the left.
    """
    h = len(ys_hid)
    texts = ["hidden" if h == 1 else f"hidden {k + 1}" for k in range(h)]
    if bias1 is not None:
        texts = [f"{t}<br>bias {b:.3f}" for t, b in zip(texts, bias1, strict=True)]
    return [{"x": 1, "y": float(y), "text": text, "showarrow": False, "xanchor": "left", "xshift": 18,
             "yanchor": "bottom" if y >= 0.5 else "top", "yshift": 18 if y >= 0.5 else -18,
             "bgcolor": LABEL_BACKGROUND, "font": {"size": 12, "color": TRUTH}, "name": f"hidden {k}"}
            for k, (y, text) in enumerate(zip(ys_hid, texts, strict=True))]


def weights_over_time(history, names):
    """Draw every weight across the recorded epochs, one line each."""
    idx = line_index(history, len(names))
    x = history.epochs[idx]
    data = [_line(x, _r(history.params[idx, j]), name) for j, name in enumerate(names)]
    return _figure(data, "Each weight, epoch by epoch", showlegend=len(names) <= MAX_LEGEND, legend=LEGEND_BELOW,
                   **_epoch_axes("weight value"))


def short(names, limit=None):
    """Names cut to `limit` characters with an ellipsis, for an axis (the full name stays in the hover)."""
    limit = limit or MAX_LABEL
    return [str(n) if len(str(n)) <= limit else str(n)[: limit - 1] + "…" for n in names]


VALUE_ROW = 1.1         # the height of the outputs' value labels, above every bar (at most 1) and truth marker
MAX_VALUE_LABELS = 12   # with more people than this the values are on hover only


def outputs_vs_truth(names, outputs, truth):
    """Draw each person's output as a bar, their truth as a marker, and the values as text.

    The axis shows names cut to MAX_LABEL characters, so a long one can't squash the bars; the bars keep
    the full names (each its own category, shown on hover).
    """
    labels, names = plain(short(names)), plain(names)
    outputs, truth = np.asarray(outputs, dtype=float), np.asarray(truth, dtype=float)
    data = [
        {"type": "bar", "x": list(names), "y": _r(outputs), "name": "output (the network's guess)",
         "marker": {"color": POSITIVE}, "hovertemplate": "%{x}: output %{y:.6f}<extra></extra>"},
        {"type": "scatter", "x": list(names), "y": _r(truth), "name": "truth (happiness measured)", "mode": "markers",
         "marker": {"symbol": "line-ew", "size": 40, "line": {"width": 4, "color": TRUTH}},
         "hovertemplate": "%{x}: truth %{y}<extra></extra>"},
    ]
    # each output's value in a row of its own above the bars and markers (1 and above: nothing reaches there),
    # so no truth marker ever crosses it; with many people the values are on hover instead
    values = [{"x": name, "y": VALUE_ROW, "text": f"output {v:.3f}", "showarrow": False, "name": "output value",
               "font": {"size": 13, "color": POSITIVE}} for name, v in zip(names, outputs, strict=True)]
    axes = _axes("", "happiness", x={"automargin": True, "tickvals": list(names), "ticktext": labels},
                 range=[0, VALUE_ROW + 0.06], tickvals=[0, 0.2, 0.4, 0.6, 0.8, 1])
    return _figure(data, "Each output against the truth", legend={"orientation": "h", "y": -0.15},
                   annotations=values if len(names) <= MAX_VALUE_LABELS else [], **axes)


def outputs_over_time(history, names, truth):
    """Draw each person's output across the recorded epochs, with their truth dotted."""
    names = plain(names)
    idx = line_index(history, len(names))
    outputs, x = history.outputs(idx), history.epochs[idx]
    data = []
    if len(names) <= len(PALETTE):
        low, high = band(idx, *history.output_band())
        for j, name in enumerate(names):
            data += _band_traces(x, outputs[:, j], low[:, j], high[:, j], PALETTE[j], f"{name}: {SWING_NAME}")
    data += [_line(x, _r(outputs[:, j]), name, line={"color": PALETTE[j % len(PALETTE)]})
             for j, name in enumerate(names)]
    shapes = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": float(t), "y1": float(t),
               "line": {"color": PALETTE[j], "dash": "dot", "width": 1}}
              for j, t in enumerate(truth)] if len(names) <= len(PALETTE) else []
    return _figure(data, "Each output, epoch by epoch", shapes=shapes, legend=LEGEND_BELOW,
                   showlegend=len(names) <= MAX_LEGEND,
                   **_epoch_axes("output (dotted: truth)", range=[0, 1.05]))


def squared_error_over_time(history, names, truth):
    """Draw each person's (truth - output)^2 across the recorded epochs: who is the network struggling with?"""
    names = plain(names)
    idx = line_index(history, len(names))
    truth = np.asarray(truth, dtype=float)[None, :]
    errors, x = (truth - history.outputs(idx)) ** 2, history.epochs[idx]
    data = []
    if len(names) <= len(PALETTE):
        low, high = band(idx, *history.output_band())
        worst = np.maximum((truth - low) ** 2, (truth - high) ** 2)
        best = np.where((low <= truth) & (truth <= high), 0.0, np.minimum((truth - low) ** 2, (truth - high) ** 2))
        for j, name in enumerate(names):
            data += _band_traces(x, errors[:, j], best[:, j], worst[:, j], PALETTE[j], f"{name}: {SWING_NAME}")
    data += [_line(x, _r(errors[:, j], 8), name, line={"color": PALETTE[j % len(PALETTE)]})
             for j, name in enumerate(names)]
    return _figure(data, "Each squared error, epoch by epoch", legend=LEGEND_BELOW, showlegend=len(names) <= MAX_LEGEND,
                   **_epoch_axes("(truth - output)²"))


def loss_curve(history, log=False, changes=(), runs=()):
    """Draw the loss across epochs; mark option changes (epoch, text); overlay kept runs (name, epochs, loss, label).

    A kept run is named in the legend; hovering its curve shows its whole recipe (label). Both are the
    learner's text, shown as text.
    """
    idx = sample(len(history), MAX_POINTS)
    data = []
    for name, epochs, loss, label in runs:
        keep = sample(len(epochs), MAX_POINTS // 2)
        line = _line(np.asarray(epochs)[keep], _r(np.asarray(loss)[keep], 8), plain([name])[0], line={"dash": "dot"})
        # the learner's text goes in meta, which the template shows as it is (no %{...} of theirs is read)
        line["meta"] = plain([name, label])
        line["hovertemplate"] = "%{meta[0]}<br>epoch %{x:,}: loss %{y:.6f}<br>%{meta[1]}<extra></extra>"
        data.append(line)
    low, high = band(idx, *history.loss_band)
    swing = _band_traces(history.epochs[idx], history.loss[idx], low, high, POSITIVE, SWING_NAME, showlegend=True)
    data += swing
    data.append(_line(history.epochs[idx], _r(history.loss[idx], 8), "this run",
                      line={"color": POSITIVE, "width": 3}))
    shapes = [{"type": "line", "x0": e, "x1": e, "yref": "paper", "y0": 0, "y1": 1,
               "line": {"color": "#6b7280", "dash": "dash"}} for e, _ in changes]
    notes = [{"x": e, "yref": "paper", "y": 1, "text": text, "showarrow": False, "xanchor": "left"}
             for e, text in changes]
    return _figure(data, "The loss, epoch by epoch", showlegend=bool(runs or swing),
                   legend={"orientation": "h", "y": -0.25}, shapes=shapes, annotations=notes,
                   **_epoch_axes("loss (sum of squared errors)",
                                 **(LOG_AXIS if log else {"type": "linear", "rangemode": "tozero"})))


def compact(name):
    """A weight's name short enough for an axis: "Money" for weights1 Money → hidden, "Money→2" at width > 1."""
    name = name.replace("weights1 ", "").replace(" → output", "").replace("bias2 output", "bias2")
    name = name.replace(" → hidden ", "→").replace(" → hidden", "")
    return name.replace("weights2 hidden ", "weights2 ").replace("weights2 hidden", "weights2").replace(
        "bias1 hidden", "bias1")


def replay_epochs(history, frames=MAX_FRAMES):
    """Indices into the history for the replay's frames: evenly spread over the epochs, first and last included."""
    epochs = history.epochs
    if len(epochs) <= frames:
        return np.arange(len(epochs))
    targets = np.linspace(0, epochs[-1], frames)
    return np.unique(np.clip(np.searchsorted(epochs, targets), 0, len(epochs) - 1))


# the replay's ▶ Replay and Pause buttons, and the headings of its three panels
REPLAY_MENUS = [{"type": "buttons", "direction": "left", "showactive": False, "x": 1, "y": 1.12,
                 "xanchor": "right", "yanchor": "bottom", "pad": {"b": 4}, "buttons": [
                     {"label": "▶ Replay from epoch 0", "method": "animate",
                      "args": [None, {"frame": {"duration": 60, "redraw": True}, "fromcurrent": False,
                                      "transition": {"duration": 0}}]},
                     {"label": "❚❚ Pause", "method": "animate",
                      "args": [[None], {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}]}]}]
REPLAY_HEADINGS = [{"text": t, "x": x, "xref": "paper", "y": 1.0, "yref": "paper", "showarrow": False,
                    "xanchor": "center", "yanchor": "bottom"}
                   for t, x in (("loss", 0.24), ("outputs (line: truth)", 0.655), ("weights", 0.885))]


def replay(history, names, truth, param_names, at=None):
    """The history at one epoch (history index `at`, else the last): the loss with a marker, the outputs and weights.

    Its ▶ Replay button plays the history in the chart, in at most MAX_FRAMES frames evenly spread over
    the epochs; the page's slider picks the epoch shown, for the chart and the exact numbers alike.

    (Over 40 lines: one figure of three panels and its frames, which share their traces; it reads best whole.)
    """
    names = plain(names)
    labels = [compact(n) for n in param_names]
    per_frame = len(names) + len(param_names) + 1
    frames_idx = replay_epochs(history, max(2, min(MAX_FRAMES, MAX_FRAME_NUMBERS // per_frame)))
    line_idx = sample(len(history), MAX_POINTS)
    at = len(history) - 1 if at is None else int(at)
    epochs, loss, params = history.epochs, history.loss, history.params

    def title(i):
        return f"The network at epoch {int(epochs[i]):,}"

    def moving(i, outputs, full=False):
        """The three traces that move; frames carry only their y values (x stays), to stay small."""
        marker = {"type": "scatter", "x": [int(epochs[i])], "y": [float(_r(loss[i], 8))], "mode": "markers",
                  "name": "now", "marker": {"size": 12, "color": NEGATIVE}}
        people = {"type": "bar", "y": _r(outputs), "name": "output", "marker": {"color": POSITIVE}}
        weights = {"type": "bar", "y": _r(params[i]), "name": "weights",
                   "marker": {"color": [POSITIVE if w >= 0 else NEGATIVE for w in params[i]]}}
        if full:
            marker.update(xaxis="x", yaxis="y")
            people.update(x=list(names), xaxis="x2", yaxis="y2")
            weights.update(x=labels, xaxis="x3", yaxis="y3", hovertext=list(param_names), hoverinfo="text+y")
        return [marker, people, weights]

    outputs = history.outputs(frames_idx)
    data = [_line(epochs[line_idx], _r(loss[line_idx], 8), "loss", line={"color": POSITIVE}),
            *moving(at, history.outputs([at])[0], full=True),
            {"type": "scatter", "x": list(names), "y": _r(truth), "mode": "markers", "name": "truth",
             "xaxis": "x2", "yaxis": "y2",
             "marker": {"symbol": "line-ew", "size": 30, "line": {"width": 3, "color": TRUTH}}}]
    frames = [{"data": moving(i, outputs[j]), "traces": [1, 2, 3], "name": str(int(epochs[i])),
               "layout": {"title": {"text": title(i)}}} for j, i in enumerate(frames_idx)]
    # a loss is never below 0: the loss panel starts at 0 (plotly would centre a lone point on a -1 to 1 axis)
    top = float(np.max(loss[line_idx])) * 1.08 or 1.0
    last = int(epochs[-1])
    # with one epoch (epoch 0) there is nothing to replay, so no Replay or Pause button
    menus = [] if len(frames_idx) < 2 else REPLAY_MENUS
    return _figure(
        data, title(at), frames=frames if menus else None, height=480, showlegend=False, annotations=REPLAY_HEADINGS,
        margin={**MARGIN, "t": 90, "b": 110 if len(param_names) <= 10 else 50},
        xaxis={"domain": [0, 0.48], "range": [0, max(last, 1) * 1.02]},
        yaxis={"anchor": "x", "range": [0, top]},
        xaxis2={"domain": [0.54, 0.77], "anchor": "y2"}, yaxis2={"anchor": "x2", "range": [0, 1.05]},
        xaxis3={"domain": [0.8, 1.0], "anchor": "y3", "showticklabels": len(param_names) <= 10, "tickangle": -90,
                "tickfont": {"size": 11}},
        yaxis3={"anchor": "x3"},
        updatemenus=menus,
    )


SERIES_STEP, EXACT_STEP, PATH, BLANK = "#d97706", "#16a34a", "#9333ea", "#f9fafb"
MIN_ARROW = 0.06  # an arrow shorter than this share of the view is drawn longer, and its legend says how much
LANDSCAPE_SCALE = [[0, "#f0f9ff"], [0.35, "#7dd3fc"], [0.7, "#2563eb"], [1, "#1e1b4b"]]  # low loss pale, high dark
HAPPINESS_SCALE = [[0, "#dc2626"], [0.5, "#f9fafb"], [1, "#2563eb"]]  # 0 unhappy (red) to 1 happy (blue)


def _finite_or_gap(z, digits):
    """A grid for plotly: rounded, with None (a gap) where a number grew too big to hold."""
    z = np.asarray(z, dtype=float)
    return np.where(np.isfinite(z), np.round(np.where(np.isfinite(z), z, 0.0), digits), None).tolist()


def arrow_scale(view_width, view_height, *steps):
    """Return how many times longer than the real steps the arrows are drawn, so the longer one shows (1 if it does)."""
    longest = max(float(np.hypot(s[0] / view_width, s[1] / view_height)) for s in steps)
    if longest == 0 or longest >= MIN_ARROW:
        return 1.0
    return float(10 ** np.ceil(np.log10(MIN_ARROW / longest)))


def landscape(scape):
    """Draw the loss over two weights (nn.landscape.Landscape): the surface, the path, the point and both next steps."""
    xs, ys, at = scape.xs, scape.ys, scape.at
    scale = arrow_scale(xs[-1] - xs[0], ys[-1] - ys[0], scape.series_step, scape.exact_step)
    times = "" if scale == 1 else f" (drawn {scale:,.0f}× longer)"
    across, up = scape.names
    data = [{"type": "contour", "x": _r(xs, 9), "y": _r(ys, 9), "z": _finite_or_gap(scape.loss, 9),
             "colorscale": LANDSCAPE_SCALE, "contours": {"coloring": "heatmap", "showlines": True},
             "line": {"width": 0.5, "color": "rgba(255,255,255,0.5)"}, "name": "loss",
             "colorbar": {"title": {"text": "loss"}, "thickness": 14},
             "hovertemplate": f"{html.escape(across)} %{{x:.4f}}<br>{html.escape(up)} %{{y:.4f}}"
                              "<br>loss %{z:.6f}<extra></extra>"}]
    idx = sample(len(scape.path), MAX_POINTS)
    data.append({"type": "scatter", "x": _r(scape.path[idx, 0], 9), "y": _r(scape.path[idx, 1], 9),
                 "customdata": scape.path_epochs[idx], "mode": "lines", "name": "the path training took",
                 "line": {"color": PATH, "width": 2}, "hovertemplate": "epoch %{customdata:,}<extra>path</extra>"})
    data.append({"type": "scatter", "x": [float(scape.path[0, 0])], "y": [float(scape.path[0, 1])], "mode": "markers",
                 "name": f"epoch {int(scape.path_epochs[0]):,}", "marker": {"size": 9, "color": BLANK,
                 "line": {"width": 1.5, "color": TRUTH}}, "hoverinfo": "name"})
    for step, color, name in ((scape.series_step, SERIES_STEP, "next step, the series' rule"),
                              (scape.exact_step, EXACT_STEP, "next step, the exact derivative (downhill)")):
        tip = at + step * scale
        data.append({"type": "scatter", "x": [float(at[0]), float(tip[0])], "y": [float(at[1]), float(tip[1])],
                     "mode": "lines+markers", "name": name + times, "line": {"color": color, "width": 3},
                     "marker": {"symbol": ["circle", "arrow"], "size": [1, 16], "angleref": "previous",
                                "color": color}, "cliponaxis": False, "hoverinfo": "text",
                     "text": f"{name}: {step[0]:+.6f} across, {step[1]:+.6f} up"})
    data.append({"type": "scatter", "x": [float(at[0])], "y": [float(at[1])], "mode": "markers",
                 "name": f"now (epoch {scape.epoch:,})", "marker": {"size": 14, "symbol": "star", "color": "#facc15",
                 "line": {"width": 1.5, "color": TRUTH}}, "hoverinfo": "text",
                 "text": f"now, epoch {scape.epoch:,}: loss {scape.current_loss:.6f}"})
    return _figure(data, f"Loss over two weights, epoch {scape.epoch:,}", height=560,
                   legend={"orientation": "h", "y": -0.18},
                   **_axes(html.escape(across), html.escape(up), x={"range": [float(xs[0]), float(xs[-1])]},
                           range=[float(ys[0]), float(ys[-1])]))


def learned(view, features):
    """Draw the network's output over two scores (nn.landscape.Learned), with each point on it.

    The people are coloured by their truth on the map's own scale, so where a person's colour matches
    the colour under them the network agrees with their truth. People scored on the Score page are
    white diamonds.
    """
    across, up = features[view.across], features[view.up]
    others = [f for k, f in enumerate(features) if k not in (view.across, view.up)]
    held = f"{others[0]} and {others[1]} held at {html.escape(short([view.held_name], 30)[0], quote=False)}'s"
    data = [{"type": "heatmap", "x": _r(view.xs, 9), "y": _r(view.ys, 9), "z": _finite_or_gap(view.output, 6),
             "zmin": 0, "zmax": 1, "colorscale": HAPPINESS_SCALE, "name": "output",
             "colorbar": {"title": {"text": "happiness"}, "thickness": 14},
             "hovertemplate": f"{across} %{{x:.3f}}<br>{up} %{{y:.3f}}<br>happiness %{{z:.3f}}<br>{held}<extra></extra>"}]
    people = [p for p in view.points if p[3] is not None]
    scored = [p for p in view.points if p[3] is None]
    if people:
        names = plain(n for n, *_ in people)
        data.append({"type": "scatter", "x": [p[1] for p in people], "y": [p[2] for p in people],
                     "mode": "markers+text" if len(people) <= 12 else "markers", "name": "people (colour: truth)",
                     "text": plain(short([n for n, *_ in people], 16)), "textposition": "top center",
                     "marker": {"size": 16, "color": [p[3] for p in people], "colorscale": HAPPINESS_SCALE,
                                "cmin": 0, "cmax": 1, "line": {"width": 2, "color": TRUTH}},
                     "cliponaxis": False, "hoverinfo": "text", "hovertext": [
                         f"{n}<br>truth {p[3]:.3f}<br>on this map {p[4]:.3f}<br>own output {p[5]:.3f}"
                         for n, p in zip(names, people, strict=True)]})
    if scored:
        names = plain(n for n, *_ in scored)
        data.append({"type": "scatter", "x": [p[1] for p in scored], "y": [p[2] for p in scored],
                     "mode": "markers+text" if len(scored) <= 12 else "markers", "name": "new people (no truth)",
                     "text": plain(short([n for n, *_ in scored], 16)), "textposition": "top center", "cliponaxis": False,
                     "marker": {"size": 14, "symbol": "diamond", "color": BLANK, "line": {"width": 2, "color": TRUTH}},
                     "hoverinfo": "text", "hovertext": [f"{n}<br>on this map {p[4]:.3f}<br>own score {p[5]:.3f}"
                                                        for n, p in zip(names, scored, strict=True)]})
    # the axes go a little past 0 and 1, so a point at a score of 0 or 1 (Bob's money, James's relationships),
    # its marker and its name, sit whole inside the chart
    return _figure(data, f"Happiness at epoch {view.epoch:,}", height=560, legend={"orientation": "h", "y": -0.18},
                   **_axes(across, up, x={"range": list(LEARNED_X)}, range=list(LEARNED_Y)))


LEARNED_X, LEARNED_Y = (-0.07, 1.07), (-0.07, 1.12)  # the map's axes: room for a name above a point at 1


BOARD_POINTS = 40   # of each posted curve's samples, the board's chart draws at most this many
BOARD_LEGEND = 12   # runs the board's chart names in a legend; past that, the pointer names each


def class_board(posts):
    """Draw every posted run's loss curve on one chart, each named by its learner (and its number, when a
    learner posted more than one): in the legend for a few runs, on hover always. Each curve is thinned to
    BOARD_POINTS samples, so that a board of many runs draws quickly. Names and notes are the learners'
    text, shown as text."""
    counts, seen, curves = {}, {}, []
    for post in posts:
        counts[post["learner"]] = counts.get(post["learner"], 0) + 1
    for post in posts:
        seen[post["learner"]] = seen.get(post["learner"], 0) + 1
        name = post["learner"] + (f" #{seen[post['learner']]}" if counts[post["learner"]] > 1 else "")
        curve = post["run"].get("curve", {})
        epochs, loss = list(curve.get("epochs", [])), list(curve.get("loss", []))
        keep = np.unique(np.linspace(0, len(epochs) - 1, min(BOARD_POINTS, len(epochs))).round().astype(int))
        curves.append((plain([name, post.get("note") or "(no note)"]), [epochs[i] for i in keep],
                       [float(loss[i]) for i in keep], bool(post.get("hidden"))))
    hover = "%{meta[0]}: %{meta[1]}<br>epoch %{x:,}: loss %{y:.6f}<extra></extra>"
    if len(curves) <= BOARD_LEGEND:  # a line each, named in the legend
        data = [{**_line(x, _r(y, 8), meta[0], line={"dash": "dot"} if hidden else {}), "meta": meta,
                 "hovertemplate": hover} for meta, x, y, hidden in curves]
    else:  # many: the shown runs as one line with gaps, the hidden as another (two lines draw fast)
        data = [_joined([c for c in curves if c[3] == hidden], hidden) for hidden in (False, True)]
        data = [line for line in data if line["x"]]
    return _figure(data, "The class's runs: the loss, epoch by epoch", showlegend=len(curves) <= BOARD_LEGEND,
                   legend={"orientation": "h", "y": -0.2}, **_epoch_axes("loss (sum of squared errors)", **LOG_AXIS))


def _joined(curves, hidden):
    """Many curves as one line, a gap between each, each point naming its run's learner on hover (the table
    beside the chart has the notes)."""
    x, y, names = [], [], []
    for meta, epochs, loss, _ in curves:
        x += [*epochs, None]
        y += [*_r(loss, 8).tolist(), None]
        names += [meta[0]] * (len(epochs) + 1)
    return {"type": "scatter", "x": x, "y": y, "mode": "lines", "customdata": names, "connectgaps": False,
            "name": "hidden runs" if hidden else "runs", "line": {"width": 1.2, **({"dash": "dot"} if hidden else {})},
            "opacity": 0.8, "hovertemplate": "%{customdata}<br>epoch %{x:,}: loss %{y:.6f}<extra></extra>"}
