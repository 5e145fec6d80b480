"""Save, share and restore a run: a JSON file, a short URL, or a standalone Python script.

A run is its *recipe*: the architecture (hidden, bias, activation, seed), the people, and the
schedule of derivative rule and learning rate from each epoch on, plus the epoch reached. Training
is deterministic, so `replay(recipe)` rebuilds the very same network. A JSON file also carries
the weights and history, so `from_dict` restores it at once, after checking every number.
"""

import base64
import binascii
import json

import numpy as np

from .data import FEATURES, SERIES_PEOPLE, People
from .history import DENSE, History
from .network import MAX_EPOCHS, Network, check_options

FORMAT, VERSION = "happiness-net-run", 1
MAX_FILE_BYTES = 5 * 2**20
ARCHITECTURE = ("hidden", "bias", "activation", "seed")


def recipe(net):
    """Return what rebuilds net by training: architecture, people (None for the series'), schedule, epoch."""
    return {
        "architecture": {key: net.options[key] for key in ARCHITECTURE},
        "people": None if net.people == SERIES_PEOPLE else net.people.rows(),
        "schedule": [[int(e), rule, float(lr)] for e, rule, lr in net.changes],
        "epoch": int(net.epoch),
    }


def check_recipe(r):
    """Return (people, architecture options, schedule, epoch) from a recipe, or raise ValueError naming the problem."""
    if not isinstance(r, dict):
        raise ValueError("a run must be a JSON object")
    arch = r.get("architecture", {})
    if not isinstance(arch, dict) or set(arch) - set(ARCHITECTURE):
        raise ValueError(f"architecture must hold only {', '.join(ARCHITECTURE)}")
    check_options(**arch)
    people = SERIES_PEOPLE if r.get("people") is None else People.from_rows(_list(r["people"], "people"))
    epoch = r.get("epoch", 0)
    if isinstance(epoch, bool) or not isinstance(epoch, int) or not 0 <= epoch <= MAX_EPOCHS:
        raise ValueError(f"epoch must be a whole number from 0 to {MAX_EPOCHS:,}")
    schedule = _list(r.get("schedule", [[0, "series", 1.0]]), "schedule")
    last = -1
    for item in schedule:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], int) and not isinstance(item[0], bool)):
            raise ValueError("each schedule entry must be [epoch, rule, learning rate]")
        check_options(rule=item[1], learning_rate=item[2])
        if not last < item[0] <= epoch or (last == -1 and item[0] != 0):
            raise ValueError("the schedule's epochs must start at 0 and rise, up to the run's epoch")
        last = item[0]
    return people, arch, [(e, rule, float(lr)) for e, rule, lr in schedule], epoch


def _list(value, what):
    if not isinstance(value, list) or not value:
        raise ValueError(f"{what} must be a non-empty list")
    return value


def replay(r, progress=None):
    """Rebuild a run by training it again, following its schedule; progress(done, total) as in train."""
    people, arch, schedule, epoch = check_recipe(r)
    net = Network(people, rule=schedule[0][1], learning_rate=schedule[0][2], **arch)
    ends = [e for e, _, _ in schedule[1:]] + [epoch]
    for (_, rule, lr), end in zip(schedule, ends, strict=True):
        net.set_rule(rule)
        net.set_learning_rate(lr)
        base = net.epoch
        report = None if progress is None else (lambda done, _total, base=base: progress(base + done, epoch))
        net.train(end - net.epoch, progress=report)
        if net.diverged:
            break
    return net


# --- JSON file ---------------------------------------------------------------------
BYTES_PER_NUMBER = 20  # a float written by json, with its comma, at most about this long


def to_dict(net, max_bytes=MAX_FILE_BYTES * 0.9):
    """Return the whole run as JSON-ready data: recipe, weights and history.

    A long history of a wide network is thinned on its own grid (every 2nd, 4th... kept sample;
    epoch 0 and the latest always kept) until the file fits under max_bytes, so it can be loaded back.
    """
    h = net.history
    keep, stride = np.ones(len(h), dtype=bool), h.stride
    step = 1
    while np.count_nonzero(keep) * (h.params.shape[1] + 2) * BYTES_PER_NUMBER > max_bytes:
        step *= 2
        keep = ((h.epochs <= DENSE) & (h.epochs % step == 0)) | (h.epochs % (h.stride * step) == 0)
        keep[-1] = True
        stride = h.stride * step
    return {"format": FORMAT, "version": VERSION, **recipe(net), "diverged_at": net.diverged_at,
            "weights": net.params.tolist(), "parameter_names": net.layout.names(),
            "history": {"stride": int(stride), "epochs": h.epochs[keep].tolist(), "loss": h.loss[keep].tolist(),
                        "params": h.params[keep].tolist()}}


def to_json(net):
    """Return the run as a JSON string."""
    return json.dumps(to_dict(net), separators=(",", ":"))


def from_json(text):
    """Restore a run from JSON text (bytes or str); raise ValueError saying what is wrong."""
    if len(text) > MAX_FILE_BYTES:
        raise ValueError(f"the file is over {MAX_FILE_BYTES // 2**20} MB")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"the file is not JSON ({err.__class__.__name__})") from None
    return from_dict(data)


def _no_constant(name):
    raise ValueError(f"the file holds {name}, which is not a finite number")


def from_dict(data):
    """Restore a run from to_dict's data, after checking its shape and every number."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"this is not a run saved by the playground (format should be {FORMAT!r})")
    if data.get("version") != VERSION:
        raise ValueError(f"this run file's version {data.get('version')!r} is not {VERSION}")
    people, arch, schedule, epoch = check_recipe({k: data.get(k) for k in ("architecture", "people", "schedule",
                                                                           "epoch")})
    net = Network(people, rule=schedule[-1][1], learning_rate=schedule[-1][2], **arch)
    size = net.layout.size
    weights = _numbers(data.get("weights"), (size,), "weights")
    hist = data.get("history")
    if not isinstance(hist, dict):
        raise ValueError("the file has no history")
    epochs = _numbers(hist.get("epochs"), (None,), "history epochs")
    params = _numbers(hist.get("params"), (len(epochs), size), "history weights")
    loss = _numbers(hist.get("loss"), (len(epochs),), "history loss")
    stride = hist.get("stride", 1)
    if not (np.all(epochs == np.round(epochs)) and epochs[0] == 0 and epochs[-1] == epoch
            and np.all(np.diff(epochs) > 0)):
        raise ValueError("the history's epochs must rise from 0 to the run's epoch")
    if not np.array_equal(params[-1], weights):
        raise ValueError("the weights do not match the last epoch of the history")
    if isinstance(stride, bool) or not isinstance(stride, int) or stride < 1:
        raise ValueError("the history's stride must be a whole number of at least 1")
    diverged = data.get("diverged_at")
    if diverged is not None and (isinstance(diverged, bool) or not isinstance(diverged, int) or diverged != epoch + 1):
        raise ValueError("diverged_at must be empty or the epoch after the run's epoch")
    net.epoch, net.changes, net.diverged_at, net._params = epoch, schedule, diverged, weights
    net.history = History(net.layout, people.X, people.y, params[0])
    net.history.epochs, net.history.params, net.history.loss = epochs.astype(np.int64), params, loss
    net.history.stride = stride
    return net


def _numbers(value, shape, what):
    """Return value as a finite float array of the given shape (None = any length), or raise ValueError."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be numbers") from None
    if arr.ndim != len(shape) or any(s is not None and s != n for s, n in zip(shape, arr.shape, strict=True)):
        raise ValueError(f"{what} have the wrong shape {arr.shape}")
    if arr.size == 0 or not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} must be finite numbers, and at least one")
    return arr


# --- URL -----------------------------------------------------------------------------
DEFAULTS = {"hidden": 1, "bias": False, "activation": "sigmoid", "seed": 0}
QUERY_KEYS = {"epoch", "schedule", "people", *DEFAULTS}  # every URL parameter a shared run may carry


def to_query(net):
    """Return the URL query parameters (str -> str) that rebuild net: only what differs from the series."""
    r = recipe(net)
    query = {"epoch": str(r["epoch"])}
    for key, value in r["architecture"].items():
        if value != DEFAULTS[key]:
            query[key] = str(int(value)) if isinstance(value, bool) else str(value)
    if r["schedule"] != [[0, "series", 1.0]]:
        query["schedule"] = ",".join(f"{e}:{rule}:{lr!r}" for e, rule, lr in r["schedule"])
    if r["people"] is not None:
        rows = [[p["name"], *(p[f] for f in FEATURES), p["truth"]] for p in r["people"]]
        raw = json.dumps(rows, separators=(",", ":")).encode()
        query["people"] = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return query


def from_query(query):
    """Return (recipe, messages) from URL parameters; what cannot be read falls back to the series' default."""
    messages, arch = [], dict(DEFAULTS)
    r = {"architecture": arch, "people": None, "schedule": [[0, "series", 1.0]], "epoch": 0}
    readers = {"hidden": int, "seed": int, "activation": str, "bias": lambda v: {"1": True, "0": False}[v]}
    for key, read in readers.items():
        if key in query:
            try:
                value = read(query[key])
                check_options(**{key: value})
                arch[key] = value
            except (ValueError, KeyError):
                messages.append(f"The link's {key} {query[key]!r:.40} can't be used; using the series' {DEFAULTS[key]}.")
    if "people" in query:
        try:
            raw = base64.urlsafe_b64decode(query["people"] + "=" * (-len(query["people"]) % 4))
            columns = ("name", *FEATURES, "truth")
            rows = [dict(zip(columns, row, strict=True)) for row in json.loads(raw)]
            r["people"] = People.from_rows(rows).rows()
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as err:
            messages.append(f"The link's people can't be read ({_short(err)}); using the series' people.")
    if "schedule" in query:
        try:
            items = [part.split(":") for part in query["schedule"].split(",")]
            r["schedule"] = [[int(e), rule, float(lr)] for e, rule, lr in items]
        except ValueError:
            messages.append("The link's schedule can't be read; using the series' rule and learning rate.")
    if "epoch" in query:
        try:
            r["epoch"] = int(query["epoch"])
            if not 0 <= r["epoch"] <= MAX_EPOCHS:
                raise ValueError
        except ValueError:
            messages.append(f"The link's epoch {query['epoch']!r:.20} can't be used; starting at epoch 0.")
            r["epoch"] = 0
    try:
        check_recipe(r)
    except ValueError as err:
        if "schedule" in str(err) or "rule" in str(err) or "learning_rate" in str(err):
            messages.append(f"The link's schedule can't be used ({_short(err)}); using the series' rule and learning rate.")
            r["schedule"] = [[0, "series", 1.0]]
    return r, messages


def _short(err):
    return str(err)[:120]


# --- a standalone script ------------------------------------------------------------------
SCRIPT = '''"""The happiness network, exported from the Happiness Net Playground at epoch {epoch:,}.

{summary}
In the spirit of part 9 of "Handwriting a neural net": paste it anywhere numpy runs.
Run: python happiness_net.py
"""
import math

import numpy as np


def _sigmoid(v):
    # 1 / (1 + e^-v) for one number; past v = -709, e^-v is too big to hold and the answer is 0
    return 1.0 / (1.0 + math.exp(-v)) if v > -709.0 else 0.0


def sigmoid(x):
    # one number at a time with math.exp: slower than np.exp, but never overflows and gives
    # the playground's numbers to the last digit
    return np.vectorize(_sigmoid, otypes=[float])(x)


def sigmoid_derivative(x):
    s = sigmoid(x)
    return s - s * s
{activation_code}
names = {names!r}
X = np.array({X})
y = np.array({y})
weights1 = np.array({weights1})
weights2 = np.array({weights2})
bias1 = np.array({bias1})
bias2 = np.array({bias2})
use_bias = {bias}
# from each epoch on: (epoch, derivative rule, learning rate)
schedule = {schedule!r}


def feedforward(X):
    layer1 = activation(np.dot(X, weights1) + (bias1 if use_bias else 0.0))
    output = sigmoid(np.dot(layer1, weights2) + (bias2 if use_bias else 0.0))
    return layer1, output


for epoch in range({epoch}):
    rule, learning_rate = [(r, lr) for start, r, lr in schedule if start <= epoch][-1]
    layer1, output = feedforward(X)
    if rule == "series":  # the series' rule: the derivative function applied to outputs that are already activated
        d_output, d_layer1 = sigmoid_derivative(output), activation_derivative(layer1)
    else:                 # the exact derivative, written in terms of each neuron's output
        d_output, d_layer1 = output - output * output, exact_slope(layer1)
    delta2 = 2 * (y - output) * d_output
    delta1 = np.dot(delta2, weights2.T) * d_layer1
    weights1 = weights1 + learning_rate * np.dot(X.T, delta1)
    weights2 = weights2 + learning_rate * np.dot(delta2.T, layer1).T
    if use_bias:
        bias1 = bias1 + learning_rate * delta1.sum(axis=0)
        bias2 = bias2 + learning_rate * delta2.sum(axis=0)

layer1, output = feedforward(X)
for name, value in zip(names, output[:, 0]):
    print(f"{{name}}: {{value:.6f}}")
print("loss:", f"{{np.sum((y - output) ** 2):.6f}}")
'''

ACTIVATION_CODE = {
    "sigmoid": ("activation = sigmoid\nactivation_derivative = sigmoid_derivative\n\n\n"
                "def exact_slope(a):\n    return a - a * a\n"),
    "tanh": ("activation = np.tanh\n\n\ndef activation_derivative(x):\n    t = np.tanh(x)\n    return 1.0 - t * t\n\n\n"
             "def exact_slope(a):\n    return 1.0 - a * a\n"),
    "relu": ("def activation(x):\n    return np.maximum(x, 0.0)\n\n\n"
             "def activation_derivative(x):\n    return (x > 0.0).astype(float)\n\n\nexact_slope = activation_derivative\n"),
}


def to_script(net):
    """Return a standalone numpy script that trains net's configuration from its start for net.epoch epochs."""
    start = Network(net.people, **{key: net.options[key] for key in ARCHITECTURE})
    w1, w2, b1, b2 = start.layout.split(start.params)
    o = net.options
    summary = (f"{len(net.people)} people, hidden width {o['hidden']}, {o['activation']} hidden layer, "
               f"{'with' if o['bias'] else 'no'} bias.")
    h = o["hidden"]
    return SCRIPT.format(
        epoch=net.epoch, summary=summary, activation_code="\n\n" + ACTIVATION_CODE[o["activation"]],
        names=list(net.people.names), X=_lit(net.people.X), y=_lit(net.people.y), weights1=_lit(w1),
        weights2=_lit(w2), bias1=_lit(b1 if b1 is not None else np.zeros(h)),
        bias2=_lit(b2 if b2 is not None else np.zeros(1)), bias=o["bias"],
        schedule=[(int(e), rule, float(lr)) for e, rule, lr in net.changes])


def _lit(arr):
    """A numpy array as an exact Python literal (repr keeps every digit of a float)."""
    return repr(np.asarray(arr, dtype=float).tolist())
