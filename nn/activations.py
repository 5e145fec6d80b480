"""The activation functions, in the series' names, for arrays: each applies nn.kernel's scalar one.

The kernel defines every function once, one number at a time (see nn/kernel.py); these
wrappers apply it to each element of an array, so `sigmoid(x)` here gives the very bits the
network trains with.

Each derivative comes in two forms, because the series used its own rule:

- the series' rule applies the derivative function to a neuron's *output* (which has
  already been through the activation), e.g. `sigmoid_derivative(output)`;
- the exact rule writes the derivative in terms of that output, e.g. `a * (1 - a)`
  for a sigmoid, which is the true slope of the activation at its net input.
"""

import numpy as np

from . import kernel

ACTIVATIONS = ("sigmoid", "tanh", "relu")  # in the order of kernel.SIGMOID, TANH, RELU
RULES = ("series", "exact")                # in the order of kernel.SERIES, EXACT


def _each(function, x):
    return np.vectorize(function, otypes=[float])(np.asarray(x, dtype=float))


def sigmoid(x):
    """Return 1 / (1 + e^-x) for each element of x; same shape as x."""
    return _each(kernel.sigmoid, x)


def sigmoid_derivative(x):
    """Return sigmoid(x) * (1 - sigmoid(x)) for each element of x, the series' function; same shape as x."""
    return _each(kernel.sigmoid_derivative, x)


def slope(a, activation, rule):
    """Return the slope backprop uses at neurons whose outputs are a, for an activation and rule by name."""
    code, rule_code = ACTIVATIONS.index(activation), RULES.index(rule)
    return _each(lambda v: kernel.slope(v, code, rule_code), a)
