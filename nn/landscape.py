"""Two pictures of a trained network, as numbers: the loss landscape and what it has learned.

`landscape(net, i, j)` is the loss as a surface over two of the network's parameters, the others
frozen at their values now: a slice through the space training walks in. It carries the path
training took (the history, projected onto those two parameters) and the next step of each rule,
taken from the engine's own trace.

`learned(net, across, up, held)` is the network's output over two of the four scores, the other
two held at one person's scores: what it would say about anyone on that slice.

Every number comes from nn.kernel, so a surface's value at the current point is `net.loss` and a
map's value at a person's point is `net.predict` of that point, to the bit.
"""

from dataclasses import dataclass

import numpy as np

from .data import FEATURES, JAMES, check_unit
from .kernel import feedforward, loss_of, njit
from .trace import trace

SIZE = 41             # grid points along each axis of the landscape
LEARNED_SIZE = 51     # grid points along each axis of the learned map (0 to 1), before the people's own
MAX_EXACT = 70        # at most this many of the points' own values are added to each axis (the figure stays small)
AROUND_HALF = 0.5     # the "around the point" view spans at least this far either side of the point
VIEWS = ("around", "path")


@njit(nogil=True, cache=True)
def loss_surface(X, y, params, hidden, bias, activation, i, j, xs, ys, surface):
    """Fill surface (len(ys), len(xs)) with the loss when params[i] = xs[c] and params[j] = ys[r].

    Every other parameter keeps its value. Each loss is the kernel's feedforward and loss_of,
    the very arithmetic of training.
    """
    n = X.shape[0]
    p = params.copy()
    z1, layer1 = np.zeros((n, hidden)), np.zeros((n, hidden))
    z2, output = np.zeros(n), np.zeros(n)
    for r in range(ys.shape[0]):
        for c in range(xs.shape[0]):
            p[i] = xs[c]
            p[j] = ys[r]
            feedforward(X, p, hidden, bias, activation, z1, layer1, z2, output)
            surface[r, c] = loss_of(y, output)


def axis(low, high, count, keep=()):
    """Return count evenly spaced values from low to high, with every value in keep added exactly, sorted."""
    values = np.concatenate([np.linspace(low, high, count), np.asarray(keep, dtype=float).ravel()])
    return np.unique(values)


@dataclass(frozen=True)
class Landscape:
    """The loss over params[i] (across) and params[j] (up), the others frozen at their values now."""

    i: int
    j: int
    names: tuple            # (across, up): the parameters' names (nn.layout names)
    xs: np.ndarray          # (a,) values of params[i]
    ys: np.ndarray          # (b,) values of params[j]
    loss: np.ndarray        # (b, a) the loss at each (xs[c], ys[r]); inf where it grew too big to hold
    at: np.ndarray          # (2,) the two parameters now
    current_loss: float     # the loss at `at`: net.loss
    path_epochs: np.ndarray  # (m,) the history's kept epochs
    path: np.ndarray        # (m, 2) the two parameters at those epochs
    series_step: np.ndarray  # (2,) the series' rule's next step: learning rate x its d_params
    exact_step: np.ndarray  # (2,) the exact derivative's next step: minus the gradient, times the learning rate
    rule: str               # the rule the network trains with now
    learning_rate: float
    epoch: int
    view: str               # "around" (the point) or "path" (the whole path)


def _check_pair(net, i, j):
    size = net.layout.size
    for k in (i, j):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < size:
            raise ValueError(f"a weight must be a number from 0 to {size - 1} (this network has {size}), got {k!r:.20}")
    if i == j:
        raise ValueError("pick two different weights: the landscape needs one across and one up")


def steps(net, i, j):
    """Return (series_step, exact_step), each (2,): learning rate x the trace's d_params at i and j.

    Where a step can't be computed (a diverged network's numbers overflow), it is 0.
    """
    chosen = [i, j]
    with np.errstate(all="ignore"):
        series = trace(net, rule="series").d_params[chosen] * net.learning_rate
        exact = trace(net, rule="exact").d_params[chosen] * net.learning_rate
    return np.where(np.isfinite(series), series, 0.0), np.where(np.isfinite(exact), exact, 0.0)


def landscape(net, i, j, view="around", size=SIZE):
    """Return the Landscape of net over params[i] and params[j].

    view "around" spans AROUND_HALF (or three times the longer step, if more) either side of the
    point now; "path" spans the whole path training took, the point and both steps. Each axis
    holds the point's own value exactly, so the surface there is net.loss.
    """
    _check_pair(net, i, j)
    if view not in VIEWS:
        raise ValueError(f"view must be 'around' or 'path', got {view!r:.20}")
    params = net.params
    at = params[[i, j]].copy()
    series, exact = steps(net, i, j)
    path = net.history.params[:, [i, j]]
    if view == "around":
        half = max(AROUND_HALF, 3 * float(np.max(np.abs(np.concatenate([series, exact])))))
        lows, highs = at - half, at + half
    else:
        points = np.vstack([path, at, at + series, at + exact])
        lows, highs = points.min(axis=0), points.max(axis=0)
        pad = np.maximum((highs - lows) * 0.1, 0.05)
        lows, highs = lows - pad, highs + pad
    xs = axis(lows[0], highs[0], size, [at[0]])
    ys = axis(lows[1], highs[1], size, [at[1]])
    surface = np.zeros((len(ys), len(xs)))
    lay = net.layout
    loss_surface(net.history.X, net.truth, params, lay.hidden, lay.bias, lay.code, i, j, xs, ys, surface)
    surface[~np.isfinite(surface)] = np.inf
    names = net.layout.names()
    return Landscape(i, j, (names[i], names[j]), xs, ys, surface, at, net.loss, net.history.epochs.copy(),
                     path.copy(), series, exact, net.rule, net.learning_rate, net.epoch, view)


def default_pair(layout):
    """Return the default (across, up): weights2 (of the first hidden neuron) and the weight from Sandwiches."""
    return 4 * layout.hidden, FEATURES.index("Sandwiches") * layout.hidden


@dataclass(frozen=True)
class Learned:
    """The network's output over two scores, the other two held at one person's scores."""

    across: int             # index into FEATURES of the score across
    up: int                 # index into FEATURES of the score up
    held_name: str          # whose scores the other two are held at
    held: np.ndarray        # (4,) that person's scores (only the two not across or up are used)
    xs: np.ndarray          # (a,) values of the score across, 0 to 1, with every point's own value
    ys: np.ndarray          # (b,) values of the score up
    output: np.ndarray      # (b, a) the network's output at each (xs[c], ys[r])
    points: tuple           # one (name, x, y, truth or None, value on the map, own output) per point
    epoch: int

    def row(self, x, y):
        """Return the four scores of the point (x, y) on this map: the held scores with x and y put in."""
        row = self.held.copy()
        row[self.across], row[self.up] = x, y
        return row


def _first_distinct(values):
    """The first MAX_EXACT distinct values, in order."""
    return list(dict.fromkeys(float(v) for v in values))[:MAX_EXACT]


def learned(net, across=0, up=1, held=JAMES, others=(), size=LEARNED_SIZE):
    """Return the Learned map of net over FEATURES[across] and FEATURES[up].

    held is (name, four scores): the other two scores are held at these. The points are net's
    people (with their truth) and others, a list of (name, four scores) such as the people scored
    on the Score page (no truth). Each point sits at its own two scores, and both axes hold its
    values exactly (the first MAX_EXACT distinct ones of each axis), so the map's value under it is
    net.predict of that point on the map, which the point also carries.
    """
    for k in (across, up):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k < len(FEATURES):
            raise ValueError(f"a score must be a number from 0 to {len(FEATURES) - 1}, got {k!r:.20}")
    if across == up:
        raise ValueError("pick two different scores: the map needs one across and one up")
    name, scores = held
    held_row = np.array(scores, dtype=float).reshape(len(FEATURES))
    check_unit(held_row, "the held scores")
    marks = [(n, row, t) for n, row, t in zip(net.people.names, net.people.X, net.people.y[:, 0], strict=True)]
    marks += [(n, np.asarray(row, dtype=float), None) for n, row in others]
    xs = axis(0.0, 1.0, size, _first_distinct([row[across] for _, row, _ in marks]))
    ys = axis(0.0, 1.0, size, _first_distinct([row[up] for _, row, _ in marks]))
    grid = np.repeat(held_row[None, :], len(xs) * len(ys), axis=0)
    grid[:, across] = np.tile(xs, len(ys))
    grid[:, up] = np.repeat(ys, len(xs))
    output = net.feedforward(grid)[1][:, 0].reshape(len(ys), len(xs))
    rows = np.array([row for _, row, _ in marks]).reshape(-1, len(FEATURES))
    on_map = rows.copy()
    on_map[:, [k for k in range(len(FEATURES)) if k not in (across, up)]] = held_row[
        [k for k in range(len(FEATURES)) if k not in (across, up)]]
    own, there = net.feedforward(rows)[1][:, 0], net.feedforward(on_map)[1][:, 0]
    points = tuple((n, float(row[across]), float(row[up]), None if t is None else float(t), float(v), float(o))
                   for (n, row, t), v, o in zip(marks, there, own, strict=True))
    return Learned(across, up, str(name), held_row, xs, ys, output, points, net.epoch)
