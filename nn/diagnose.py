"""Why is it stuck? Plain checks on a network's state, each returning what it found (or nothing)."""

import numpy as np

FLOOR_MARGIN = 0.01   # an output within this of 0.5 "sits at the floor"
RISE = 1.05           # the loss "rose again" once it is 5% above its lowest point


def stuck_at_half(net):
    """Return the indices of people whose output sits at the 0.5 floor that a network without a bias cannot leave.

    Without a bias, output = sigmoid(weights2 . layer1). With layer1 >= 0 (sigmoid or ReLU) and every
    weights2 >= 0, that sum is >= 0, so the output cannot go below 0.5. It matters for people whose
    truth is below 0.5.
    """
    if net.layout.bias or net.layout.activation == "tanh" or np.any(net.weights2 < 0):
        return []
    output, truth = net.output[:, 0], net.people.y[:, 0]
    return [int(i) for i in np.flatnonzero((truth < 0.5) & (output < 0.5 + FLOOR_MARGIN))]


def loss_rising(net):
    """Return (epoch, loss) of the lowest loss so far if, under the series' rule, the loss has risen well above it."""
    if net.rule != "series":
        return None
    loss = net.history.loss
    best = int(np.argmin(loss))
    if best < len(loss) - 1 and loss[-1] > RISE * loss[best]:
        return int(net.history.epochs[best]), float(loss[best])
    return None
