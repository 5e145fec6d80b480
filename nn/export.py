"""Export a run as a standalone Python script: the playground's own kernel (`to_script`), or part 9's
own style with numpy's np.dot (`to_series_script`).
"""

import inspect

import numpy as np

from . import kernel
from .data import SERIES_PEOPLE
from .network import Network
from .recipes import ARCHITECTURE

KERNEL_FUNCTIONS = ("exp", "tanh", "sigmoid", "sigmoid_derivative", "activate", "slope", "feedforward", "loss_of",
                    "backprop", "update")

SCRIPT = '''"""The happiness network, exported from the Happiness Net Playground at epoch {epoch:,}.

{summary}
In the spirit of part 9 of "Handwriting a neural net": it trains the network from its start and
prints each person's output, the loss and the weights' fingerprint, exactly as the playground shows
them. It carries the playground's own arithmetic (nn/kernel.py): one number at a time, in a fixed
order, with an exp of its own (not the C library's), so it gives the same bits on any machine.
It needs only numpy. Plain Python takes about 20 microseconds an epoch (1,900 epochs: under half a
second). For a long run of a big network it uses numba, if it is installed, to compile its loops
first: that takes about 5 seconds, then an epoch of the series' network takes well under a microsecond.
Compiling pays off from about a million steps of one person through one neuron (200,000 epochs of the
series' network). The numbers are the same either way.
Run: python happiness_net.py
"""
import hashlib
import math

import numpy as np

epochs = {epoch}
steps = {steps:_}  # epochs x people x (hidden neurons + 1): this run's {steps_words}


def njit(**_options):
    return lambda function: function


if steps >= {compile_steps:_}:  # compiling pays off only for a long run of a big network
    try:
        from numba import njit
    except ImportError:
        pass

SIGMOID, TANH, RELU = 0, 1, 2  # the hidden layer's activation
SERIES, EXACT = 0, 1           # the derivative rule: the series' own, or the exact one

{kernel}

@njit()
def train(X, y, params, hidden, bias, activation, rule, learning_rate, epochs):
    """The series' loop: for i in range(1500): nn.feedforward(); nn.backprop(). Return the epochs done."""
    n = X.shape[0]
    z1, layer1, delta1 = np.zeros((n, hidden)), np.zeros((n, hidden)), np.zeros((n, hidden))
    z2, output, delta2 = np.zeros(n), np.zeros(n), np.zeros(n)
    d_params, before = np.zeros(params.shape[0]), np.zeros(params.shape[0])
    for epoch in range(epochs):
        # self.layer1 = sigmoid(np.dot(self.input, self.weights1)); self.output = sigmoid(np.dot(self.layer1, self.weights2))
        feedforward(X, params, hidden, bias, activation, z1, layer1, z2, output)
        # d_weights2 = np.dot(self.layer1.T, 2*(self.y - self.output) * sigmoid_derivative(self.output)), and d_weights1
        backprop(X, y, params, hidden, bias, activation, rule, layer1, output, delta2, delta1, d_params)
        # self.weights1 += d_weights1; self.weights2 += d_weights2 (times the learning rate)
        if not update(params, d_params, learning_rate, before):
            params[:] = before  # a number stopped being finite: stay at the last finite epoch, as the playground does
            return epoch
    return epochs


names = {names!r}
X = np.array({X})
y = np.array({y})
# every weight in one list: weights1 (feature by feature, one per hidden neuron), weights2, then the biases
params = np.array({params})
hidden, bias, activation = {hidden}, {bias}, {activation_code}  # {activation}
# from each epoch on: (epoch, derivative rule, learning rate)
schedule = {schedule!r}

ends = [start for start, _, _ in schedule[1:]] + [epochs]
for (start, rule, learning_rate), end in zip(schedule, ends):
    done = train(X, y, params, hidden, bias, activation, SERIES if rule == "series" else EXACT, learning_rate, end - start)
    if done < end - start:
        print(f"training stopped at epoch {{start + done:,}}: a number stopped being finite")
        break

output, z1, layer1, z2 = np.zeros(len(X)), np.zeros((len(X), hidden)), np.zeros((len(X), hidden)), np.zeros(len(X))
feedforward(X, params, hidden, bias, activation, z1, layer1, z2, output)
for name, value in zip(names, output):
    print(f"{{name}}: {{value:.6f}}")
print(f"loss: {{loss_of(y, output):.6f}}")
print("fingerprint:", hashlib.sha256(params.astype("<f8").tobytes()).hexdigest()[:8])
'''


SERIES_SCRIPT = '''"""The happiness network in the style of part 9 of "Handwriting a neural net", exported from the
Happiness Net Playground at epoch {epoch:,}.

{summary}
This is part 9's code: a NeuralNetwork whose feedforward() and backprop() use numpy's np.dot, trained
in a loop, then printing each person's output.{additions}

np.dot adds up its numbers in an order of its own, while the playground adds one number at a time in
a fixed order, so the last digits can differ. For the series' network they agree with the playground
to 1e-6 for the first 10,000 epochs (the playground's tests check this, and a few of its options too);
a run that swings or diverges can drift further. For the playground's exact bits, download its
bit-exact script instead.
Run: python happiness_net_series.py   (needs only numpy)
"""
import numpy as np

np.seterr(over="ignore")  # sigmoid(-1000): e^1000 is too big for a float, and 1 / (1 + inf) is 0 as it should be


def sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    return sigmoid(x) * (1.0 - sigmoid(x))
{functions}

class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.array({weights1})  # 4 x {hidden}: money, relationships, sandwiches, baseline to the hidden layer
        self.weights2 = np.array({weights2})  # {hidden} x 1: the hidden layer to the output{bias_start}
        self.y = y
        self.output = np.zeros(self.y.shape){rule_start}

    def feedforward(self):
        self.layer1 = {hidden_activation}(np.dot(self.input, self.weights1){plus_bias1})
        self.output = sigmoid(np.dot(self.layer1, self.weights2){plus_bias2})

    def backprop(self):
        # the chain rule, as part 9 wrote it{backprop}


X = np.array({X})
y = np.array({y})
names = {names!r}
nn = NeuralNetwork(X, y)
{loop}
nn.feedforward()
for name, value in zip(names, nn.output[:, 0]):
    print(f"{{name}}: {{value:.6f}}")
print(f"loss: {{np.sum((nn.y - nn.output) ** 2):.6f}}")
'''

_HIDDEN = {  # activation -> (the function's name in the script, its definition, its slope by rule)
    "sigmoid": ("sigmoid", "", {"series": "sigmoid_derivative(self.layer1)",
                                "exact": "self.layer1 * (1.0 - self.layer1)"}),
    "tanh": ("np.tanh", "\n\ndef tanh_derivative(x):\n    return 1.0 - np.tanh(x) ** 2\n",
             {"series": "tanh_derivative(self.layer1)", "exact": "(1.0 - self.layer1 ** 2)"}),
    "relu": ("relu", "\n\ndef relu(x):\n    return np.maximum(x, 0.0)\n\n\ndef relu_derivative(x):\n"
             "    return (x > 0.0) * 1.0\n", {"series": "relu_derivative(self.layer1)",
                                            "exact": "relu_derivative(self.layer1)"}),
}
_OUTPUT_SLOPE = {"series": "sigmoid_derivative(self.output)", "exact": "self.output * (1.0 - self.output)"}


def to_series_script(net):
    """Return a standalone script in part 9's own style (a NeuralNetwork class with np.dot) for net's run.

    It trains net's configuration from its start for net.epoch epochs, following its schedule. Its
    numbers agree with the playground's to about 1e-6 (np.dot adds in an order of its own); to_script
    gives the same bits.
    """
    start = Network(net.people, **{key: net.options[key] for key in ARCHITECTURE})
    o, schedule = net.options, [(int(e), rule, float(lr)) for e, rule, lr in net.changes]
    weights1, weights2, bias1, bias2 = start.layout.split(start.params)
    rules = {rule for _, rule, _ in schedule}
    name, functions, _ = _HIDDEN[o["activation"]]
    additions = _additions(o, schedule)
    people = "" if net.people is SERIES_PEOPLE else " Its people are this run's own."
    summary = (f"{len(net.people)} people, hidden width {o['hidden']}, {o['activation']} hidden layer, "
               f"{'with' if o['bias'] else 'no'} bias.{people}")
    steady = len(rules) == 1 and len({lr for _, _, lr in schedule}) == 1
    rule, lr = schedule[0][1], schedule[0][2]
    step = "" if steady and lr == 1.0 else "self.learning_rate * "
    bias_start = "" if not o["bias"] else (
        f"\n        self.bias1 = np.array([{_lit(bias1)}])  # 1 x {o['hidden']}: a bias on each hidden neuron"
        f"\n        self.bias2 = np.array([{_lit(bias2)}])  # 1 x 1: the output's bias")
    rule_start = "" if not step and len(rules) == 1 else \
        f"\n        self.rule, self.learning_rate = {rule!r}, {lr!r}  # the schedule below changes them"
    return SERIES_SCRIPT.format(
        epoch=net.epoch, summary=summary, functions=functions, hidden=o["hidden"],
        additions="" if not additions else "\nBeyond the series, this run has " + "; ".join(additions) + ".",
        weights1=_lit(weights1), weights2=_lit(weights2), bias_start=bias_start, rule_start=rule_start,
        hidden_activation=name, plus_bias1=" + self.bias1" if o["bias"] else "",
        plus_bias2=" + self.bias2" if o["bias"] else "", backprop=_series_backprop(o, rules, step),
        X=_lit(net.people.X), y=_lit(net.people.y), names=list(net.people.names),
        loop=_series_loop(net.epoch, schedule))


def _additions(o, schedule):
    """What a run with options o and this schedule has beyond the series, in words, one phrase each."""
    rules = {rule for _, rule, _ in schedule}
    additions = []
    if o["hidden"] > 1:
        additions.append(f"{o['hidden']} hidden neurons where the series had one, from a random start")
    if o["activation"] != "sigmoid":
        additions.append(f"a {o['activation']} hidden layer")
    if o["bias"]:
        additions.append("a bias on each neuron (bias1, bias2)")
    if "exact" in rules:
        additions.append("the exact derivative, a * (1 - a) on an output a, where the series applied "
                         "sigmoid_derivative to the output")
    if any(lr != 1.0 for _, _, lr in schedule):
        additions.append("a learning rate: each step is learning_rate x d_weights")
    if len(schedule) > 1:
        additions.append("a schedule that changes the rule or learning rate part-way")
    return additions


def _series_backprop(o, rules, step):
    """The body of the part-9-style script's backprop for options o, the rules its schedule uses, and its step."""
    hidden_slope = _HIDDEN[o["activation"]][2]
    delta2 = _OUTPUT_SLOPE[next(iter(rules))] if len(rules) == 1 else \
        f"({_OUTPUT_SLOPE['series']} if self.rule == 'series' else {_OUTPUT_SLOPE['exact']})"
    delta1 = hidden_slope[next(iter(rules))] if len(rules) == 1 else \
        f"({hidden_slope['series']} if self.rule == 'series' else {hidden_slope['exact']})"
    backprop = (f"\n        delta2 = 2 * (self.y - self.output) * {delta2}"
                f"\n        d_weights2 = np.dot(self.layer1.T, delta2)"
                f"\n        delta1 = np.dot(delta2, self.weights2.T) * {delta1}"
                f"\n        d_weights1 = np.dot(self.input.T, delta1)"
                f"\n        # update the weights with the derivative (slope) of the loss function"
                f"\n        self.weights1 += {step}d_weights1"
                f"\n        self.weights2 += {step}d_weights2")
    if o["bias"]:
        backprop += (f"\n        self.bias1 += {step}np.sum(delta1, axis=0, keepdims=True)"
                     f"\n        self.bias2 += {step}np.sum(delta2, axis=0, keepdims=True)")
    return backprop


def _series_loop(epochs, schedule):
    """The part-9-style script's training loop: `epochs` epochs, following the schedule if it changes anything."""
    if len(schedule) == 1:
        return f"for i in range({epochs}):\n    nn.feedforward()\n    nn.backprop()"
    return (f"# from each epoch on: (epoch, derivative rule, learning rate)\nschedule = {schedule!r}\n"
            f"for i in range({epochs}):\n"
            f"    for start, rule, learning_rate in schedule:\n"
            f"        if i == start:\n"
            f"            nn.rule, nn.learning_rate = rule, learning_rate\n"
            f"    nn.feedforward()\n    nn.backprop()")


def kernel_source():
    """Return the source of the kernel's per-epoch functions and its exp's constants, as the exported script
    carries them."""
    lines = inspect.getsource(kernel).splitlines()  # the constants of the kernel's exp, as its source writes them
    first = next(i for i, line in enumerate(lines) if line.startswith("LN2_HI ="))
    last = next(i for i, line in enumerate(lines) if line.startswith("POWERS_OF_2 ="))
    constants = "\n".join(lines[first:last + 1])
    parts = [inspect.getsource(getattr(kernel, name)) for name in KERNEL_FUNCTIONS]
    return "\n\n".join([constants, *(part.replace("@njit(nogil=True, cache=True)", "@njit()") for part in parts)])


COMPILE_STEPS = 1_000_000  # the exported script compiles from this many person-neuron steps (see its docstring)


def to_script(net):
    """Return a standalone script that trains net's configuration from its start for net.epoch epochs."""
    start = Network(net.people, **{key: net.options[key] for key in ARCHITECTURE})
    o = net.options
    summary = (f"{len(net.people)} people, hidden width {o['hidden']}, {o['activation']} hidden layer, "
               f"{'with' if o['bias'] else 'no'} bias.")
    steps = net.epoch * len(net.people) * (o["hidden"] + 1)
    words = "long run: it compiles" if steps >= COMPILE_STEPS else "run is short enough for plain Python"
    return SCRIPT.format(
        epoch=net.epoch, steps=steps, compile_steps=COMPILE_STEPS, steps_words=words, summary=summary,
        kernel=kernel_source(), names=list(net.people.names),
        X=_lit(net.people.X), y=_lit(net.people.y[:, 0]), params=_lit(start.params), hidden=o["hidden"],
        bias=o["bias"], activation_code=start.layout.code, activation=o["activation"],
        schedule=[(int(e), rule, float(lr)) for e, rule, lr in net.changes])


def _lit(arr):
    """A numpy array as an exact Python literal (repr keeps every digit of a float)."""
    return repr(np.asarray(arr, dtype=float).tolist())
