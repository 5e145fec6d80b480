"""Why is it stuck? Plain checks on a network's state, each returning what it found (or nothing)."""

import numpy as np

FLOOR_MARGIN = 0.01   # an output within this of 0.5 "sits at the floor"
RISE = 1.05           # the loss "rose again" once it is 5% above its lowest point
SWING_EPOCHS = 6      # epochs looked ahead to see whether the loss swings
SWING = 0.01          # a swing counts once each step moves the loss by 1% of its size


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
    """Return (epoch, loss) of the run's lowest loss if, under the series' rule, the loss has risen well above it.

    The lowest loss is tracked over every epoch of the run, not only the epochs the history keeps.
    """
    if net.rule != "series":
        return None
    epoch, low = net.best
    if epoch < net.epoch and net.loss > RISE * low:
        return epoch, low
    return None


def loss_swinging(net):
    """Return (lowest, highest) loss over the next few epochs if it goes up and down every epoch, else None.

    Each step then overshoots, back and forth across the valley, so the loss alternates between two levels.
    """
    if net.diverged:
        return None
    losses = net.look_ahead(SWING_EPOCHS)
    if len(losses) < SWING_EPOCHS + 1 or not np.all(np.isfinite(losses)):
        return None
    steps = np.diff(losses)
    if np.all(steps[:-1] * steps[1:] < 0) and np.min(np.abs(steps)) > SWING * max(losses):
        return float(min(losses)), float(max(losses))
    return None
