"""One epoch written out number by number, as parts 4-8 of the series did it by hand.

`trace(net)` returns every intermediate number of the next epoch for the current
weights, per person and for the whole batch, in the series' names. Its "after" weights
are the very numbers `net.train(1)` then applies.
"""

from dataclasses import dataclass

import numpy as np

from . import kernel
from .activations import RULES, slope


@dataclass(frozen=True)
class Trace:
    """Every number of one epoch. n people, h hidden neurons; per-person arrays lead with n."""

    epoch: int
    rule: str
    learning_rate: float
    activation: str
    X: np.ndarray              # (n, 4) the features
    y: np.ndarray              # (n, 1) the truth
    products1: np.ndarray      # (n, 4, h) feature x weights1
    z1: np.ndarray             # (n, h) sum of the products (+ bias1): the hidden net input
    layer1: np.ndarray         # (n, h) activation(z1)
    products2: np.ndarray      # (n, h) layer1 x weights2
    z2: np.ndarray             # (n, 1) sum of products2 (+ bias2): the output's net input
    output: np.ndarray         # (n, 1) sigmoid(z2)
    error: np.ndarray          # (n, 1) y - output
    loss_each: np.ndarray      # (n, 1) error^2
    loss: float                # sum of loss_each
    two_error: np.ndarray      # (n, 1) 2(y - output), the first chain-rule factor
    d_output: np.ndarray       # (n, 1) slope at the output (series: sigmoid_derivative(output))
    delta2: np.ndarray         # (n, 1) two_error x d_output
    back: np.ndarray           # (n, h) delta2 . weights2.T
    d_layer1: np.ndarray       # (n, h) slope at the hidden layer (series: sigmoid_derivative(layer1))
    delta1: np.ndarray         # (n, h) back x d_layer1
    d_weights1_each: np.ndarray  # (n, 4, h) x x delta1, per person
    d_weights2_each: np.ndarray  # (n, h) layer1 x delta2, per person
    d_weights1: np.ndarray     # (4, h) X.T . delta1
    d_weights2: np.ndarray     # (h, 1) layer1.T . delta2
    d_bias1: np.ndarray | None  # (h,) sum of delta1, or None without a bias
    d_bias2: np.ndarray | None  # (1,) sum of delta2, or None without a bias
    d_params: np.ndarray       # (size,) every d_weight in the flat order of nn.layout
    before: np.ndarray         # (size,) the weights now
    after: np.ndarray          # (size,) before + learning_rate x d_params: the weights after train(1)


def trace(net, rule=None):
    """Return the Trace of the next epoch of net, for its current weights, under net's rule or the one given.

    The sums, outputs, deltas and d_weights are the kernel's own (nn.kernel.feedforward and
    backprop); the per-person factors beside them are single products, which are exact to the bit
    in any order, so every number here is a number the training itself computed.
    """
    lay, p, truth = net.layout, net.params, net.truth
    X, y = net.history.X, net.people.y  # the history's writable copy of the scores, as the kernel takes them
    n, h = len(X), lay.hidden
    z1, layer1, z2, out = np.zeros((n, h)), np.zeros((n, h)), np.zeros(n), np.zeros(n)
    kernel.feedforward(X, p, h, lay.bias, lay.code, z1, layer1, z2, out)
    delta2, delta1, d_params = np.zeros(n), np.zeros((n, h)), np.zeros(lay.size)
    rule = net.rule if rule is None else rule
    if rule not in RULES:
        raise ValueError(f"rule must be 'series' or 'exact', got {rule!r:.40}")
    kernel.backprop(X, truth, p, h, lay.bias, lay.code, RULES.index(rule), layer1, out, delta2, delta1, d_params)
    weights1, weights2, _, _ = lay.split(p)
    output, delta2 = out.reshape(n, 1), delta2.reshape(n, 1)
    error = y - output
    d_weights1, d_weights2, d_bias1, d_bias2 = lay.split(d_params)
    return Trace(
        net.epoch, rule, net.learning_rate, lay.activation, X, y, X[:, :, None] * weights1[None, :, :],
        z1, layer1, layer1 * weights2.T, z2.reshape(n, 1), output, error, error * error,
        float(kernel.loss_of(truth, out)), error * 2.0, slope(output, "sigmoid", rule), delta2,
        delta2 * weights2.T, slope(layer1, lay.activation, rule), delta1, X[:, :, None] * delta1[:, None, :],
        layer1 * delta2, d_weights1.copy(), d_weights2.copy(), None if d_bias1 is None else d_bias1.copy(),
        None if d_bias2 is None else d_bias2.copy(), d_params, p.copy(), p + net.learning_rate * d_params,
    )
