"""Where each weight lives in the network's one flat vector of parameters.

The engine keeps every weight in a single array `params` so that one update,
one copy into the history and one finiteness check each cost a single numpy call.
The order is: weights1 (4 x hidden, row by row), weights2 (hidden), then, with a bias,
bias1 (hidden) and bias2 (1). `Layout` turns that vector, or a stack of them, back
into the series' shapes.
"""

from dataclasses import dataclass

import numpy as np

from . import kernel
from .activations import ACTIVATIONS
from .data import FEATURES


@dataclass(frozen=True)
class Layout:
    """The shape of a network: hidden width, whether it has biases, its hidden activation."""

    hidden: int = 1
    bias: bool = False
    activation: str = "sigmoid"

    @property
    def size(self):
        """Return the number of parameters."""
        h = self.hidden
        return 5 * h + (h + 1 if self.bias else 0)

    def split(self, params):
        """Return (weights1, weights2, bias1, bias2) as views of params (..., size).

        Shapes: (..., 4, h), (..., h, 1), (..., h) and (..., 1); the biases are None
        when the network has none.
        """
        h, lead = self.hidden, params.shape[:-1]
        weights1 = params[..., : 4 * h].reshape(*lead, 4, h)
        weights2 = params[..., 4 * h : 5 * h].reshape(*lead, h, 1)
        if not self.bias:
            return weights1, weights2, None, None
        return weights1, weights2, params[..., 5 * h : 6 * h], params[..., 6 * h :]

    def join(self, weights1, weights2, bias1=None, bias2=None):
        """Return the flat parameter vector for the given weights (and biases)."""
        parts = [np.ravel(weights1), np.ravel(weights2)]
        if self.bias:
            parts += [np.ravel(bias1), np.ravel(bias2)]
        return np.concatenate(parts).astype(float)

    def names(self):
        """Return a readable name per parameter, in the order of the flat vector."""
        h = self.hidden
        hid = (lambda k: "hidden") if h == 1 else (lambda k: f"hidden {k + 1}")
        out = [f"weights1 {f} → {hid(k)}" for f in FEATURES for k in range(h)]
        out += [f"weights2 {hid(k)} → output" for k in range(h)]
        if self.bias:
            out += [f"bias1 {hid(k)}" for k in range(h)] + ["bias2 output"]
        return out

    @property
    def code(self):
        """Return the hidden activation as the kernel's number for it."""
        return ACTIVATIONS.index(self.activation)

    def feedforward(self, X, params):
        """Return (layer1 (n, h), output (n, 1)) for inputs X (n, 4) and one flat params (size,), by the kernel."""
        X = np.array(X, dtype=float, order="C")
        n, h = len(X), self.hidden
        z1, layer1, z2, output = np.zeros((n, h)), np.zeros((n, h)), np.zeros(n), np.zeros(n)
        kernel.feedforward(X, np.array(params, dtype=float), h, self.bias, self.code, z1, layer1, z2, output)
        return layer1, output.reshape(n, 1)
