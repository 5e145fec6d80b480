"""Tables the pages show, as pure functions returning tables (no Streamlit here).

The Weights page's table, drawn at every click, is an Arrow table, which Streamlit sends as it is;
building it through pandas cost about ten times as much (0.8 ms against 0.07 ms, at every click of every
learner). The rest are pandas DataFrames. (Overview's table of people is the live view's own, ui/live.py.)
"""

import numpy as np
import pandas as pd
import pyarrow as pa

from nn import FEATURES, JAMES, trace
from ui.text import plain


def change_label(since):
    """The heading of a change column: since which epoch (the one before the last press or Play tick)."""
    return f"Change since epoch {since:,}"


def change_text(change):
    """A change of the loss as text: 6 decimals, or 3 significant digits when smaller than that shows."""
    return f"{change:+.6f}" if abs(change) >= 5e-7 else f"{change:+.2e}"


def weights(net, previous, since):
    """Every weight now, to 4 decimals, with its change since epoch `since` (when the weights were `previous`)."""
    now = net.params
    change = now - previous if previous is not None and len(previous) == len(now) else np.zeros_like(now)
    return pa.table({"Weight": net.layout.names(), "Value": now, change_label(since): change})


def errors(net):
    """Per person: output, truth, error (truth - output), squared error and its share of the loss."""
    output, truth = net.output[:, 0], net.people.y[:, 0]
    squared = (truth - output) ** 2
    total = squared.sum()
    return pd.DataFrame({
        "Person": net.people.names, "Output": output, "Truth": truth, "Error (truth - output)": truth - output,
        "Squared error": squared, "Share of the loss": squared / total if total > 0 else np.zeros_like(squared),
    })


def _tags(h):
    return [""] if h == 1 else [f", hidden {k + 1}" for k in range(h)]


def forward(net):
    """The forward pass for each person, as By hand writes it out: the hidden net input, layer1, the output."""
    t = trace(net)
    columns = {"Person": list(net.people.names)}
    for k, tag in enumerate(_tags(net.layout.hidden)):
        columns[f"Hidden net input{tag}"] = t.z1[:, k]
        columns[f"layer1{tag}"] = t.layer1[:, k]
    return pd.DataFrame(columns | {"Output": t.output[:, 0]})


def backprop(net):
    """Backprop's factors for each person and their share of d_weights2, with the sum over everyone last."""
    t = trace(net)
    frame = pd.DataFrame({"Person": list(net.people.names), "2 × error": t.two_error[:, 0],
                          "Slope at the output": t.d_output[:, 0], "δ2 (their product)": t.delta2[:, 0]})
    total = {"Person": "Everyone: d_weights2"}
    for k, tag in enumerate(_tags(net.layout.hidden)):
        frame[f"layer1 × δ2{tag}"] = t.d_weights2_each[:, k]
        total[f"layer1 × δ2{tag}"] = t.d_weights2[k, 0]
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def pushes(net, scores):
    """How each of one person's four scores pushes each hidden neuron: score x weights1."""
    weights1 = net.weights1
    columns = ["Push (score × weight)"] if net.layout.hidden == 1 else [
        f"Push on hidden {k + 1}" for k in range(net.layout.hidden)]
    frame = pd.DataFrame(np.asarray(scores, dtype=float)[:, None] * weights1, columns=columns)
    frame.insert(0, "Value", list(scores))
    frame.insert(0, "Score", list(FEATURES))
    return frame


def scored(net, rows):
    """People scored in this session, re-scored with the weights now."""
    if not rows:
        return pd.DataFrame(columns=["Name", *FEATURES, "Happiness now"])
    scores = net.predict([r[1] for r in rows])
    frame = pd.DataFrame([r[1] for r in rows], columns=list(FEATURES))
    frame.insert(0, "Name", [r[0] for r in rows])
    frame["Happiness now"] = scores
    return frame


def at_epoch(net, index):
    """The outputs and weights recorded at history sample `index`, and James's score with those weights."""
    params = net.history.params[index]
    output = net.layout.feedforward(net.people.X, params)[1][:, 0]
    james = float(net.layout.feedforward(np.asarray([JAMES[1]]), params)[1][0, 0])
    return (pd.DataFrame({"Person": net.people.names, "Output": output, "Truth": net.people.y[:, 0]}),
            pd.DataFrame({"Weight": net.layout.names(), "Value": params}), james)


def landscape(scape):
    """The landscape's two weights: their values now and where each rule's next step takes them."""
    return pd.DataFrame({
        "Weight": list(scape.names), "Now": scape.at,
        "Series' step": scape.series_step, "Exact step (downhill)": scape.exact_step,
    })


def learned_points(view, features):
    """Each point on the learned map: its two scores, its truth (blank if new), the map's score there, its own."""
    across, up = features[view.across], features[view.up]
    return pd.DataFrame({
        "Name": [p[0] for p in view.points], across: [p[1] for p in view.points], up: [p[2] for p in view.points],
        "Truth": [p[3] for p in view.points], "On this map": [p[4] for p in view.points],
        "Own output": [p[5] for p in view.points],
    })


def text(table, formats, blank="new"):
    """The table as text for st.table: each column named in formats written with its format, the rest as they are.

    A plain table fits a phone's width (its headings wrap, where a grid's columns were cut off) and a screen
    reader reads it cell by cell. A missing value (a new person's truth, say) reads as `blank`.
    st.table reads each cell as Markdown, so every column without a format (names: text a user, a link or
    a file supplied) goes through ui.text.plain and shows as typed.
    """
    if isinstance(table, pd.DataFrame):  # its columns as they are: pyarrow's from_pandas works out a schema
        columns = {name: table[name].tolist() for name in table.columns}  # first (py-spy: 4% of a Landscape press)
    else:
        columns = {name: table.column(name).to_pylist() for name in table.column_names}
    out = {}
    for name, values in columns.items():
        fmt = formats.get(name)
        out[name] = [blank if _missing(v) else fmt.format(v) if fmt else plain(v) for v in values]
    return pa.table(out)


def _missing(value):
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


SCORE = "{:g}"     # a score or truth as typed: 0.4, 1
THREE = "{:.3f}"   # an output on a map, where three decimals are what a chart can show
FOUR = "{:.4f}"   # a step of the arithmetic, to the 4 decimals the tour's words quote
SIX = "{:.6f}"     # an output, as the series printed them (0.931142): the numbers a learner compares
CHANGE = "{:+.6f}"  # a change of a weight, to the same 6 decimals, with its sign: +0.000507, -1.136102
