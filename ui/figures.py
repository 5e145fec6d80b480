"""Plotly figures as pure functions: a network or its history in, a go.Figure out.

Nothing here touches Streamlit, so every figure is tested on its own. Long histories are
sampled (at most MAX_POINTS points a line, MAX_FRAMES frames a replay) so that each figure's
JSON stays small even after a million epochs.
"""

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from nn import FEATURES

MAX_POINTS = 1500           # a line's points at most
MAX_FIGURE_POINTS = 12_000  # all lines of one figure together, so many people or weights stay light
MAX_FRAMES = 200
MAX_FRAME_NUMBERS = 12_000   # numbers across all frames of a replay, for big data sets
POSITIVE, NEGATIVE, TRUTH = "#2563eb", "#dc2626", "#111827"
PALETTE = ("#2563eb", "#16a34a", "#d97706", "#9333ea", "#0891b2", "#db2777", "#65a30d", "#475569")


def sample(count, limit):
    """Return at most limit indices into range(count), evenly spread, first and last included."""
    if count <= limit:
        return np.arange(count)
    return np.unique(np.linspace(0, count - 1, limit).round().astype(int))


def line_index(history, lines):
    """Indices into the history for a figure of `lines` lines, within both point budgets."""
    return sample(len(history), max(30, min(MAX_POINTS, MAX_FIGURE_POINTS // max(lines, 1))))


def _r(values, digits=6):
    """Round for the chart payload (the pages show exact numbers in tables)."""
    return np.round(np.asarray(values, dtype=float), digits)


def _mode(idx):
    """Lines, with markers too while there are too few points for a line to show."""
    return "lines+markers" if len(idx) < 30 else "lines"


def _layout(fig, title, **kw):
    fig.update_layout(title=title, margin=dict(l=40, r=20, t=50, b=40), template="plotly_white", **kw)
    return fig


def network_diagram(layout, params):
    """Draw inputs -> hidden -> output; edge width grows with |w|, colour shows the sign, labels give values."""
    weights1, weights2, bias1, bias2 = layout.split(np.asarray(params, dtype=float))
    h = layout.hidden
    ys_in, ys_hid = np.linspace(1, 0, 4), (np.linspace(1, 0, h) if h > 1 else np.array([0.5]))
    edges = [((0.0, ys_in[i]), (1.0, ys_hid[k]), weights1[i, k], f"weights1[{i}][{k}]")
             for i in range(4) for k in range(h)]
    edges += [((1.0, ys_hid[k]), (2.0, 0.5), weights2[k, 0], f"weights2[{k}][0]") for k in range(h)]
    biggest = max(abs(float(e[2])) for e in edges) or 1.0
    fig = go.Figure()
    for (x0, y0), (x1, y1), w, name in edges:
        fig.add_trace(go.Scatter(
            x=[x0, x1], y=[y0, y1], mode="lines", hoverinfo="text", name=name, showlegend=False,
            line=dict(width=1 + 9 * abs(float(w)) / biggest, color=POSITIVE if w >= 0 else NEGATIVE),
            text=f"{name} = {w:.6f}"))
    t = 0.3 if h > 1 else 0.5
    for (x0, y0), (x1, y1), w, _ in edges:
        fig.add_annotation(x=x0 + t * (x1 - x0), y=y0 + t * (y1 - y0), text=f"{float(w):.3f}", showarrow=False,
                           bgcolor="rgba(255,255,255,0.85)", font=dict(size=12, color=TRUTH))
    hidden_text = ["hidden" if h == 1 else f"hidden {k + 1}" for k in range(h)]
    if bias1 is not None:
        hidden_text = [f"{t}<br>bias {b:.3f}" for t, b in zip(hidden_text, bias1, strict=True)]
    out_text = "output" + (f"<br>bias {bias2[0]:.3f}" if bias2 is not None else "")
    fig.add_trace(go.Scatter(
        x=[0] * 4 + [1] * h + [2], y=list(ys_in) + list(ys_hid) + [0.5], mode="markers+text",
        marker=dict(size=30, color="#f9fafb", line=dict(width=2, color=TRUTH)),
        text=list(FEATURES) + hidden_text + [out_text], textposition=["middle left"] * 4 + ["top center"] * h
        + ["middle right"], hoverinfo="text", showlegend=False, name="neurons"))
    fig.update_xaxes(visible=False, range=[-0.9, 2.6])
    fig.update_yaxes(visible=False, range=[-0.15, 1.15])
    return _layout(fig, "The network: blue pushes up, red pushes down, thicker is stronger", height=420)


def weights_over_time(history, names):
    """Draw every weight across the recorded epochs, one line each."""
    idx = line_index(history, len(names))
    fig = go.Figure()
    for j, name in enumerate(names):
        fig.add_trace(go.Scatter(x=history.epochs[idx], y=_r(history.params[idx, j]), mode=_mode(idx), name=name))
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(title="weight value")
    return _layout(fig, "How each weight moved, epoch by epoch")


def outputs_vs_truth(names, outputs, truth):
    """Draw each person's output as a bar, their truth as a marker, and the values as text."""
    outputs, truth = np.asarray(outputs, dtype=float), np.asarray(truth, dtype=float)
    fig = go.Figure([
        go.Bar(x=list(names), y=_r(outputs), name="output (the network's guess)", marker_color=POSITIVE,
               text=[f"{v:.3f}" for v in outputs], textposition="outside"),
        go.Scatter(x=list(names), y=_r(truth), name="truth (happiness measured)", mode="markers",
                   marker=dict(symbol="line-ew", size=40, line=dict(width=4, color=TRUTH))),
    ])
    fig.update_yaxes(range=[0, 1.1], title="happiness")
    return _layout(fig, "Each person's output against the truth", legend=dict(orientation="h", y=-0.15))


def outputs_over_time(history, names, truth):
    """Draw each person's output across the recorded epochs, with their truth dotted."""
    idx = line_index(history, len(names))
    outputs = history.outputs()[idx]
    fig = go.Figure()
    for j, name in enumerate(names):
        color = PALETTE[j % len(PALETTE)]
        fig.add_trace(go.Scatter(x=history.epochs[idx], y=_r(outputs[:, j]), mode=_mode(idx), name=name,
                                 line=dict(color=color)))
        if len(names) <= len(PALETTE):
            fig.add_hline(y=float(truth[j]), line=dict(color=color, dash="dot", width=1))
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(title="output (dotted: truth)", range=[0, 1.05])
    return _layout(fig, "Each person's output, epoch by epoch")


def squared_error_over_time(history, names, truth):
    """Draw each person's (truth - output)^2 across the recorded epochs: who is the network struggling with?"""
    idx = line_index(history, len(names))
    errors = (np.asarray(truth, dtype=float)[None, :] - history.outputs()[idx]) ** 2
    fig = go.Figure([go.Scatter(x=history.epochs[idx], y=_r(errors[:, j], 8), mode="lines", name=name)
                     for j, name in enumerate(names)])
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(title="(truth - output)²")
    return _layout(fig, "Each person's squared error, epoch by epoch")


def loss_curve(history, log=False, changes=(), runs=()):
    """Draw the loss across epochs; mark option changes; overlay kept runs as (label, epochs, loss)."""
    idx = sample(len(history), MAX_POINTS)
    fig = go.Figure()
    for label, epochs, loss in runs:
        keep = sample(len(epochs), MAX_POINTS // 2)
        fig.add_trace(go.Scatter(x=np.asarray(epochs)[keep], y=_r(np.asarray(loss)[keep], 8), mode="lines",
                                 name=label, line=dict(dash="dot")))
    fig.add_trace(go.Scatter(x=history.epochs[idx], y=_r(history.loss[idx], 8), mode=_mode(idx),
                             name="this run", line=dict(color=POSITIVE, width=3)))
    for epoch, text in changes:
        fig.add_vline(x=epoch, line=dict(color="#6b7280", dash="dash"), annotation_text=text)
    fig.update_xaxes(title="epoch")
    fig.update_yaxes(title="loss (sum of squared errors)", type="log" if log else "linear")
    return _layout(fig, "The loss: how wrong the network is, epoch by epoch", showlegend=bool(runs))


def replay(history, names, truth, param_names):
    """A scrubbable replay: the loss with a marker, and the outputs and weights at the marked epoch.

    At most MAX_FRAMES frames, sampled from the history, each with a slider step.
    """
    per_frame = len(names) + len(param_names) + 1
    frames_idx = sample(len(history), max(2, min(MAX_FRAMES, MAX_FRAME_NUMBERS // per_frame)))
    line_idx = sample(len(history), MAX_POINTS)
    outputs = history.outputs()[frames_idx]
    epochs, loss, params = history.epochs, history.loss, history.params
    fig = make_subplots(rows=1, cols=3, column_widths=[0.5, 0.25, 0.25],
                        subplot_titles=("loss", "outputs (line: truth)", "weights"))
    fig.add_trace(go.Scatter(x=epochs[line_idx], y=_r(loss[line_idx], 8), mode=_mode(line_idx), name="loss",
                             line=dict(color=POSITIVE)), 1, 1)
    last = frames_idx[-1]

    def moving(i, j, full=False):
        """The three traces that move; frames carry only their y values (x stays), to stay small."""
        people = dict(x=list(names)) if full else {}
        weights = dict(x=list(param_names)) if full else {}
        return [
            go.Scatter(x=[int(epochs[i])], y=[float(_r(loss[i], 8))], mode="markers", name="now",
                       marker=dict(size=12, color=NEGATIVE)),
            go.Bar(y=_r(outputs[j]), name="output", marker_color=POSITIVE, **people),
            go.Bar(y=_r(params[i]), name="weights", **weights,
                   marker_color=[POSITIVE if w >= 0 else NEGATIVE for w in params[i]]),
        ]

    for col, trace in zip((1, 2, 3), moving(last, len(frames_idx) - 1, full=True), strict=True):
        fig.add_trace(trace, 1, col)
    fig.add_trace(go.Scatter(x=list(names), y=_r(truth), mode="markers", name="truth",
                             marker=dict(symbol="line-ew", size=30, line=dict(width=3, color=TRUTH))), 1, 2)
    fig.frames = [go.Frame(data=moving(i, j), traces=[1, 2, 3], name=str(int(epochs[i])))
                  for j, i in enumerate(frames_idx)]
    steps = [dict(method="animate", label=f"{int(epochs[i]):,}",
                  args=[[str(int(epochs[i]))], dict(mode="immediate", frame=dict(duration=0, redraw=True))])
             for i in frames_idx]
    fig.update_layout(
        sliders=[dict(active=len(steps) - 1, steps=steps, currentvalue=dict(prefix="epoch "), pad=dict(t=40))],
        updatemenus=[dict(type="buttons", showactive=False, x=0, y=-0.25, xanchor="left", buttons=[
            dict(label="▶ Replay", method="animate",
                 args=[None, dict(frame=dict(duration=60, redraw=True), fromcurrent=False, transition=dict(duration=0))]),
            dict(label="❚❚ Pause", method="animate",
                 args=[[None], dict(mode="immediate", frame=dict(duration=0, redraw=False))]),
        ])],
        showlegend=False, height=460)
    fig.update_yaxes(range=[0, 1.05], row=1, col=2)
    fig.update_xaxes(showticklabels=len(param_names) <= 10, row=1, col=3)
    return _layout(fig, "Replay the training: press ▶ or drag the slider")
