"""The activation functions and their derivatives, in the series' names.

`sigmoid` is `scipy.special.expit`: the same 1 / (1 + e^-x) the series wrote, computed
so that it never overflows, whatever x is.

Each derivative comes in two forms, because the series used its own rule:

- the series' rule applies the derivative function to a neuron's *output* (which has
  already been through the activation), e.g. `sigmoid_derivative(output)`;
- the exact rule writes the derivative in terms of that output, e.g. `a * (1 - a)`
  for a sigmoid, which is the true slope of the activation at its net input.
"""

import numpy as np
from scipy.special import expit

ACTIVATIONS = ("sigmoid", "tanh", "relu")
RULES = ("series", "exact")


def sigmoid(x):
    """Return 1 / (1 + e^-x), elementwise, without overflow; same shape as x."""
    return expit(x)


def sigmoid_derivative(x):
    """Return sigmoid(x) * (1 - sigmoid(x)), the series' function; same shape as x."""
    s = expit(x)
    return s - s * s


def tanh(x):
    """Return tanh(x), elementwise; same shape as x."""
    return np.tanh(x)


def tanh_derivative(x):
    """Return 1 - tanh(x)^2, the slope of tanh at x; same shape as x."""
    t = np.tanh(x)
    return 1.0 - t * t


def relu(x):
    """Return max(x, 0), elementwise; same shape as x."""
    return np.maximum(x, 0.0)


def relu_derivative(x):
    """Return 1 where x > 0, else 0; same shape as x."""
    return (x > 0.0).astype(float)


def _sigmoid_slope(a):
    """Exact slope of a sigmoid whose output is a: a * (1 - a)."""
    return a - a * a


def _tanh_slope(a):
    """Exact slope of tanh whose output is a: 1 - a^2."""
    return 1.0 - a * a


ACTIVATION = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu}

# derivative[rule][activation] takes the neuron's output a (already activated).
DERIVATIVE = {
    "series": {"sigmoid": sigmoid_derivative, "tanh": tanh_derivative, "relu": relu_derivative},
    "exact": {"sigmoid": _sigmoid_slope, "tanh": _tanh_slope, "relu": relu_derivative},
}


def derivative(activation, rule):
    """Return the function that turns a neuron's output into the slope used by backprop."""
    return DERIVATIVE[rule][activation]
