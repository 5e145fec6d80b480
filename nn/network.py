"""The series' happiness network, and every option beyond it.

    from nn import Network
    net = Network()                      # the series' network and data, exactly
    net.train(100)                       # advance 100 epochs
    net.epoch, net.loss                  # 100, 0.176306...
    net.weights1, net.weights2           # (4, hidden) and (hidden, 1)
    net.predict([[0.2, 1.0, 0.4, 0.3]])  # James' happiness score

One epoch is the series' `feedforward()` over every person, then `backprop()`, then
`weights += learning_rate * d_weights`, computed by nn.kernel one number at a time in a
fixed order, so the same run gives the same bits on every machine. The default keeps the
series' own derivative rule, the series' start weights, no bias and a learning rate of 1.
"""

import copy
import hashlib
import math

import numpy as np

from . import kernel
from .activations import ACTIVATIONS, RULES
from .data import FEATURES, SERIES_PEOPLE, People, as_scores, check_unit
from .history import History
from .layout import Layout

SERIES_WEIGHTS1 = ((0.25,), (1.0,), (0.25,), (1.0,))
SERIES_WEIGHTS2 = ((0.5,),)
MAX_HIDDEN = 8
MIN_LEARNING_RATE = 0.001  # the Lab's box shows three decimals, so every rate a run can hold shows as itself
MAX_LEARNING_RATE = 1000.0
MAX_EPOCHS = 1_000_000
CHUNK_WORK = 4_000_000  # people x (hidden + 1) x epochs per call of the kernel: about 20-40 ms of work


def check_options(rule="series", learning_rate=1.0, bias=False, hidden=1, activation="sigmoid", seed=0):
    """Return the options as a dict, or raise ValueError naming the first bad one."""
    if rule not in RULES:
        raise ValueError(f"rule must be 'series' or 'exact', got {rule!r:.40}")
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.number)):
        raise ValueError(f"the learning rate must be a number, got {learning_rate!r:.40}")
    if not (math.isfinite(learning_rate) and MIN_LEARNING_RATE <= learning_rate <= MAX_LEARNING_RATE):
        raise ValueError(f"the learning rate must be from {MIN_LEARNING_RATE:g} to {MAX_LEARNING_RATE:g}, "
                         f"got {learning_rate:.6g}")
    if not isinstance(bias, (bool, np.bool_)):
        raise ValueError(f"bias must be True or False, got {bias!r:.40}")
    if isinstance(hidden, bool) or not isinstance(hidden, (int, np.integer)) or not 1 <= hidden <= MAX_HIDDEN:
        raise ValueError(f"hidden must be a whole number from 1 to {MAX_HIDDEN}, got {hidden!r:.40}")
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}, got {activation!r:.40}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be a whole number from 0 to {2**32 - 1}, got {seed!r:.40}")
    return {"rule": rule, "learning_rate": float(learning_rate), "bias": bool(bias),
            "hidden": int(hidden), "activation": activation, "seed": int(seed)}


def start_params(layout, seed):
    """Return the starting parameters: the series' weights at width 1, else seeded random.

    Biases always start at 0, so turning the bias on changes nothing at epoch 0.
    """
    if layout.hidden == 1:
        weights1, weights2 = np.array(SERIES_WEIGHTS1), np.array(SERIES_WEIGHTS2)
    else:
        rng = np.random.default_rng(seed)
        weights1 = rng.uniform(-1.0, 1.0, (len(FEATURES), layout.hidden))
        weights2 = rng.uniform(-1.0, 1.0, (layout.hidden, 1))
    return layout.join(weights1, weights2, np.zeros(layout.hidden), np.zeros(1))


class Network:
    """The 4 -> hidden -> 1 network, its people, its training and its history."""

    def __init__(self, people=None, *, rule="series", learning_rate=1.0, bias=False,
                 hidden=1, activation="sigmoid", seed=0):
        options = check_options(rule, learning_rate, bias, hidden, activation, seed)
        if people is None:
            people = SERIES_PEOPLE
        if not isinstance(people, People):
            raise ValueError("people must be a People data set (see nn.People)")
        self.people = people
        self.rule, self.learning_rate, self.seed = options["rule"], options["learning_rate"], options["seed"]
        self.layout = Layout(options["hidden"], options["bias"], options["activation"])
        self.epoch = 0
        self.diverged_at = None
        self.changes = [(0, self.rule, self.learning_rate)]
        self._params = start_params(self.layout, self.seed)
        self._y = np.array(people.y[:, 0], dtype=float)  # the kernel's truth: one number a person
        self.history = History(self.layout, people.X, people.y, self._params)

    @classmethod
    def from_saved(cls, start, *, epoch, changes, weights, history, diverged_at=None):
        """Return the network a saved run reached, built on `start` (its people and options, left unchanged).

        changes is the run's whole schedule [(epoch, rule, learning rate)]; its last entry is the rule
        and learning rate in force. weights and history are the saved ones, taken as they are.
        """
        net = start.copy()
        net.epoch, net.changes, net.diverged_at = epoch, [tuple(c) for c in changes], diverged_at
        net.rule, net.learning_rate = net.changes[-1][1], float(net.changes[-1][2])
        net._params = np.array(weights, dtype=float)
        net.history = history
        return net

    def __repr__(self):
        o = self.options
        return (f"Network(epoch={self.epoch}, loss={self.loss:.6f}, hidden={o['hidden']}, bias={o['bias']}, "
                f"activation={o['activation']!r}, rule={o['rule']!r}, learning_rate={o['learning_rate']:g}, "
                f"people={len(self.people)})")

    # --- what the network is now -------------------------------------------------
    @property
    def truth(self):
        """Return each person's true happiness, one number a person (the y the kernel trains on)."""
        return self._y.copy()

    @property
    def options(self):
        """Return the current options as a dict (rule, learning_rate, bias, hidden, activation, seed)."""
        return {"rule": self.rule, "learning_rate": self.learning_rate, "bias": self.layout.bias,
                "hidden": self.layout.hidden, "activation": self.layout.activation, "seed": self.seed}

    @property
    def params(self):
        """Return a copy of every weight as one flat vector (see nn.layout)."""
        return self._params.copy()

    @property
    def weights1(self):
        """Return a copy of weights1, shape (4, hidden): feature -> hidden neuron."""
        return self.layout.split(self._params)[0].copy()

    @property
    def weights2(self):
        """Return a copy of weights2, shape (hidden, 1): hidden neuron -> output."""
        return self.layout.split(self._params)[1].copy()

    @property
    def bias1(self):
        """Return a copy of the hidden biases, shape (hidden,), or None without a bias."""
        b = self.layout.split(self._params)[2]
        return None if b is None else b.copy()

    @property
    def bias2(self):
        """Return a copy of the output bias, shape (1,), or None without a bias."""
        b = self.layout.split(self._params)[3]
        return None if b is None else b.copy()

    def feedforward(self, X=None):
        """Return (layer1 (n, hidden), output (n, 1)) for X (n, 4), by default the people."""
        return self.layout.feedforward(self.people.X if X is None else X, self._params)

    @property
    def layer1(self):
        """Return the hidden layer for every person now, shape (n, hidden)."""
        return self.feedforward()[0]

    @property
    def output(self):
        """Return every person's output now, shape (n, 1)."""
        return self.feedforward()[1]

    @property
    def loss(self):
        """Return the loss now: the sum over people of (truth - output)^2."""
        return float(self.history.loss[-1])

    @property
    def diverged(self):
        """Return True once training produced a non-finite number and stopped."""
        return self.diverged_at is not None

    def predict(self, rows):
        """Return one happiness score per row of rows (k, 4) or one row (4,), shape (k,)."""
        X = as_scores(rows, "scores")
        if X.ndim == 1:
            X = X.reshape(1, -1)
        if X.ndim != 2 or X.shape[1] != len(FEATURES) or X.shape[0] == 0:
            raise ValueError(f"scores must be rows of {len(FEATURES)} numbers ({', '.join(FEATURES)}), "
                             f"got shape {np.shape(rows)}")
        check_unit(X, "scores")
        scores = self.feedforward(X)[1][:, 0]
        if not np.all(np.isfinite(scores)):
            raise ValueError("the weights are too large to score with; reset the network")
        return scores

    def copy(self):
        """Return an independent copy: training one never changes the other."""
        twin = copy.copy(self)
        twin._params = self._params.copy()
        twin.history = self.history.copy()
        twin.changes = list(self.changes)
        return twin

    @property
    def best(self):
        """Return (epoch, loss) of the lowest loss over every epoch so far."""
        return self.history.best

    @property
    def fingerprint(self):
        """Return a short hash of the weights' exact bits: equal fingerprints mean identical weights."""
        return fingerprint(self._params)

    def look_ahead(self, epochs):
        """Return the loss now and after each of the next `epochs` epochs (epochs + 1,), leaving the network as it is.

        The same kernel.epoch as train, on a copy of the weights only (no history), so it is cheap.
        """
        lay, X, n, h = self.layout, self.history.X, len(self.people), self.layout.hidden
        params, rule = self._params.copy(), RULES.index(self.rule)
        z1, layer1, delta1 = np.zeros((n, h)), np.zeros((n, h)), np.zeros((n, h))
        z2, output, delta2 = np.zeros(n), np.zeros(n), np.zeros(n)
        d_params, before = np.zeros(lay.size), np.zeros(lay.size)
        kernel.feedforward(X, params, h, lay.bias, lay.code, z1, layer1, z2, output)
        losses = [kernel.loss_of(self._y, output)]
        for _ in range(epochs):
            loss = kernel.epoch(X, self._y, params, h, lay.bias, lay.code, rule, self.learning_rate,
                                z1, layer1, z2, output, delta2, delta1, d_params, before)
            if loss != loss:  # a number stopped being finite: training would stop here too
                break
            losses.append(loss)
        return np.array(losses)

    # --- learning ---------------------------------------------------------------
    def backprop(self):
        """Return the flat d_params for the current weights: train(1) adds learning_rate times this."""
        from .trace import trace
        return trace(self).d_params

    def set_rule(self, rule):
        """Use rule ('series' or 'exact') from the next epoch on; the history is kept."""
        check_options(rule=rule)
        self.rule = rule
        self._mark_change()

    def set_learning_rate(self, learning_rate):
        """Use learning_rate from the next epoch on; the history is kept."""
        self.learning_rate = check_options(learning_rate=learning_rate)["learning_rate"]
        self._mark_change()

    def _mark_change(self):
        """Record (epoch, rule, learning rate) so the run can be replayed exactly."""
        if self.changes[-1][0] == self.epoch:
            self.changes.pop()
        if not self.changes or self.changes[-1][1:] != (self.rule, self.learning_rate):
            self.changes.append((self.epoch, self.rule, self.learning_rate))

    def train(self, epochs, progress=None):
        """Advance up to `epochs` epochs; return how many were done.

        progress(done, total), if given, is called between chunks of work. Training
        stops early, and `diverged_at` is set, if any weight or output stops being finite;
        the weights then stay at the last finite epoch.
        """
        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or not 0 <= epochs <= MAX_EPOCHS:
            raise ValueError(f"epochs must be a whole number from 0 to {MAX_EPOCHS:,}, got {epochs!r:.40}")
        chunk = max(256, CHUNK_WORK // (len(self.people) * (self.layout.hidden + 1)))
        done = 0
        while done < epochs and not self.diverged:
            step, diverged = self.history.train(self._params, self._y, RULES.index(self.rule),
                                                self.learning_rate, min(chunk, epochs - done))
            self.epoch += step
            done += step
            if diverged:
                self.diverged_at = self.epoch + 1
            if progress is not None:
                progress(done, epochs)
        return done


def fingerprint(params):
    """Return 8 hex digits of a hash of the flat weights' exact bits."""
    return hashlib.sha256(np.ascontiguousarray(params, dtype="<f8").tobytes()).hexdigest()[:8]


def warm_up():
    """Compile every kernel function once (or load it from numba's cache on disk), so no click waits for it."""
    net = Network(hidden=2, bias=True)
    net.train(2)
    net.predict([[0.2, 1.0, 0.4, 0.3]])
    net.history.output_band()
    from .play import Play
    Play(net).next_chunk(net.epoch)  # Play's frames
    from .landscape import landscape, learned
    from .trace import trace
    trace(net)
    landscape(net, 0, 1, size=3)
    learned(net, size=3)
