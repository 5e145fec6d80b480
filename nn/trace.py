"""One epoch written out number by number, as parts 4-8 of the series did it by hand.

`trace(net)` returns every intermediate number of the next epoch for the current
weights, per person and for the whole batch, in the series' names. Its "after" weights
are the very numbers `net.train(1)` then applies.
"""

from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATION, derivative, sigmoid


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


def trace(net):
    """Return the Trace of the next epoch of net, for its current weights."""
    lay = net.layout
    X, y = net.people.X, net.people.y
    weights1, weights2, bias1, bias2 = lay.split(net._params)
    products1 = X[:, :, None] * weights1[None, :, :]
    z1 = np.dot(X, weights1)
    if lay.bias:
        z1 = z1 + bias1
    layer1 = ACTIVATION[lay.activation](z1)
    z2 = np.dot(layer1, weights2)
    if lay.bias:
        z2 = z2 + bias2
    output = sigmoid(z2)
    error = y - output
    two_error = error * 2.0
    d_output = derivative("sigmoid", net.rule)(output)
    delta2 = two_error * d_output
    back = np.dot(delta2, weights2.T)
    d_layer1 = derivative(lay.activation, net.rule)(layer1)
    delta1 = back * d_layer1
    d_weights2 = np.dot(delta2.T, layer1).T
    d_weights1 = np.dot(X.T, delta1)
    d_bias1 = delta1.sum(axis=0) if lay.bias else None
    d_bias2 = delta2.sum(axis=0) if lay.bias else None
    d_params = lay.join(d_weights1, d_weights2, d_bias1, d_bias2)
    return Trace(
        net.epoch, net.rule, net.learning_rate, lay.activation, X, y, products1, z1, layer1,
        layer1 * weights2.T, z2, output, error, error**2, float(np.sum(error**2)), two_error,
        d_output, delta2, back, d_layer1, delta1, X[:, :, None] * delta1[:, None, :],
        layer1 * delta2, d_weights1, d_weights2, d_bias1, d_bias2, d_params,
        net._params.copy(), net._params + net.learning_rate * d_params,
    )
