"""The series' happiness network in pure numpy: `from nn import Network`."""

from .activations import sigmoid, sigmoid_derivative
from .data import FEATURES, JAMES, SERIES_PEOPLE, People
from .layout import Layout
from .network import Network, check_options, warm_up
from .trace import Trace, trace

__all__ = ["FEATURES", "JAMES", "SERIES_PEOPLE", "Layout", "Network", "People", "Trace",
           "check_options", "sigmoid", "sigmoid_derivative", "trace", "warm_up"]
