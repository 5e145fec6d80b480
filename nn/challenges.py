"""Challenges: goals a learner can reach with the playground, each with hints and an automatic check.

A check reads only the run: its network, its history and its schedule of rules and learning rates.
It returns the epoch at which the run first met the goal, or None. The epoch comes from the history,
which keeps every epoch up to 10,000 and a sample after that, so past 10,000 it is the first kept
epoch that meets the goal.
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import diagnose
from .data import JAMES, SERIES_PEOPLE
from .network import MAX_EPOCHS

SERIES_LOSS_AT_1900 = 0.015102379652355682  # the series' network after part 9's 1,900 epochs (tests check it)
RISE = diagnose.RISE                          # "rose again": this much above the lowest loss before


@dataclass(frozen=True)
class Challenge:
    key: str
    title: str
    goal: str           # one plain sentence
    builds_on: str      # the part of the series it starts from
    hints: tuple        # revealed one at a time
    check: Callable     # net -> the epoch the goal was first met, or None


def _series_people(net):
    return net.people == SERIES_PEOPLE


def _first(net, met):
    """The first kept epoch whose sample meets the goal (met: bool array over the history), or None."""
    hits = np.flatnonzero(met)
    return int(net.history.epochs[hits[0]]) if len(hits) else None


def _whole_run(net, **wanted):
    """Whether the run used these architecture options (hidden, bias, activation) from its start."""
    return all(net.options[key] == value for key, value in wanted.items())


def alice_below(net):
    if not _series_people(net):
        return None
    return _first(net, net.history.outputs()[:, 2] < 0.45)


def loss_below_0005(net):
    if not _series_people(net):
        return None
    return _first(net, net.history.loss < 0.005)


SERIES_SHAPE = {"hidden": 1, "bias": False, "activation": "sigmoid", "seed": 0}  # part 9's network, as it starts
SERIES_RATE = 1.0


def swings(net):
    """The loss swings every epoch at a learning rate the learner picked (part 9's rate swings too, late on)."""
    if net.options["learning_rate"] == SERIES_RATE:
        return None
    return net.epoch if diagnose.loss_swinging(net) is not None else None


def rise_then_exact(net):
    """The loss rose again under the series' rule, the run then switched to the exact one, and the loss fell."""
    h = net.history
    for (start, rule, _), (switch, new_rule, _) in zip(net.changes, net.changes[1:], strict=False):
        if rule != "series" or new_rule != "exact":
            continue
        before = h.epochs <= switch
        at_switch = h.loss[before][-1]
        if at_switch <= RISE * h.loss[before & (h.epochs >= start)].min():
            continue  # the loss had not risen again when the rule changed
        return _first(net, (h.epochs > switch) & (h.loss < at_switch))
    return None


def lowest_epoch(net):
    """The series' network, stopped at the epoch of its lowest loss: the next epoch would raise it."""
    if not (_series_people(net) and net.options == {"rule": "series", "learning_rate": SERIES_RATE, **SERIES_SHAPE}
            and len(net.changes) == 1 and net.epoch > 0):
        return None
    if net.best[0] != net.epoch or net.look_ahead(1)[1] <= net.loss:
        return None
    return net.epoch


def james_above(net):
    if _series_people(net) or net.diverged:
        return None
    return net.epoch if float(net.predict([JAMES[1]])[0]) > 0.99 else None


def faster(net):
    """The series' network (its people and shape: a bias or a wider layer would be another network) reaches
    the series' loss at 1,900 epochs before epoch 1,900."""
    if not (_series_people(net) and _whole_run(net, **SERIES_SHAPE)):
        return None
    h = net.history
    return _first(net, (h.epochs < 1900) & (h.loss <= SERIES_LOSS_AT_1900))


def bob_close(net):
    if not _series_people(net):
        return None
    return _first(net, np.abs(net.history.outputs()[:, 1] - 0.85) < 0.001)


def wide(net):
    if not (_series_people(net) and net.options["hidden"] >= 3):
        return None
    return _first(net, net.history.loss < 0.0001)


def tanh_quick(net):
    if not (_series_people(net) and _whole_run(net, activation="tanh")):
        return None
    h = net.history
    return _first(net, (h.epochs <= 500) & (h.loss < 0.005))


def exact_beats_series(net):
    """The exact derivative from epoch 0, with one learning rate, below the series' loss at epoch 1,900."""
    if not (_series_people(net) and _whole_run(net, **SERIES_SHAPE)
            and len(net.changes) == 1 and net.changes[0][1] == "exact" and net.epoch >= 1900):
        return None
    h = net.history
    return 1900 if h.loss[np.flatnonzero(h.epochs == 1900)[0]] < SERIES_LOSS_AT_1900 else None


CHALLENGES = (
    Challenge("alice", "Free Alice", "Get Alice's output below 0.45.",
              "Part 9: after 1,900 epochs Alice's output sat at 0.50, above her truth of 0.40.",
              ("The Outputs page says why an output can be stuck at 0.5.",
               "Without a bias, an output of this network can't go below 0.5 while weights2 is positive.",
               "Turn on the bias in the Lab, then train about 1,000 epochs."), alice_below),
    Challenge("low-loss", "A loss below 0.005", "Reach a loss below 0.005 with the series' three people.",
              "Part 9: the loss after 1,900 epochs was about 0.0151.",
              ("More epochs help for a while; under the series' rule the loss later rises again.",
               "Most of the loss left is Alice's: she can't get below 0.5.",
               "A bias frees Alice: turn it on in the Lab and train 2,000 epochs."), loss_below_0005),
    Challenge("swing", "Make it swing",
              "Find a learning rate of your own at which the loss goes up and down every epoch.",
              "Parts 4-8: each epoch moves every weight by its slope times the learning rate.",
              ("The Lab's learning rate sets the size of each step.",
               "A step that is too big jumps over the bottom of the valley, back and forth.",
               "Try a learning rate of 5, then train 1,000 epochs."), swings),
    Challenge("rise", "Rise, then stop it", "Make the loss rise again under the series' rule, then stop it with "
              "the exact derivative.",
              "Part 9's sigmoid_derivative is applied to outputs that are already sigmoids.",
              ("Train the series' network past epoch 16,000 and watch the Loss page.",
               "Once the loss has risen, the Loss page offers the exact derivative.",
               "Switch to the exact derivative, then train a few thousand epochs more."), rise_then_exact),
    Challenge("lowest", "The lowest point", "Stop the series' network on the very epoch of its lowest loss.",
              "Part 9's loop: more epochs are not always better under the series' rule.",
              ("Train the series' network well past 15,000 epochs.",
               "The Loss page names the epoch of the lowest loss once the loss has risen again.",
               "Reset, then train exactly that many epochs (type it in the sidebar's box)."), lowest_epoch),
    Challenge("james", "James above 0.99", "Make James score above 0.99 with people of your own.",
              "Part 9's newcomer: James scored about 0.95 after training.",
              ("The Lab's people table lets you add, change and remove people.",
               "Add people like James (0.2, 1.0, 0.4, 0.3) whose happiness is 1.",
               "Use these people, train a few thousand epochs, then score James."), james_above),
    Challenge("faster", "Faster than the series", "With the series' network, reach its loss at 1,900 epochs "
              "(0.015102) in fewer epochs.", "Part 9 trained for 1,900 epochs.",
              ("A bigger step covers the same ground in fewer epochs.",
               "The Lab's learning rate multiplies every step.",
               "Try a learning rate of 2; too big, and the loss swings instead."), faster),
    Challenge("bob", "Bob, exactly", "Get Bob's output within 0.001 of his truth, 0.85.",
              "Part 9: after 1,900 epochs Bob's output was 0.831.",
              ("Bob's output moves slowly under the series' rule.",
               "A bias, or the exact derivative, changes where the outputs settle.",
               "Turn on the bias and train 300 epochs."), bob_close),
    Challenge("wide", "Wider", "With three hidden neurons or more, get the loss below 0.0001.",
              "Part 9's network had one hidden neuron.",
              ("The Lab sets the hidden layer's width.",
               "More neurons can fit the three people more closely; a bias helps too.",
               "Width 3 with a bias, then 3,000 epochs."), wide),
    Challenge("tanh", "Quick with tanh", "With a tanh hidden layer, get the loss below 0.005 within 500 epochs.",
              "Part 9's hidden layer was a sigmoid.",
              ("The Lab offers tanh for the hidden layer.",
               "tanh's outputs run from -1 to 1, so the hidden layer can push both ways.",
               "tanh, width 2, with a bias, then 500 epochs."), tanh_quick),
    Challenge("exact", "The exact rule wins", "With the exact derivative from the start, beat the series' loss at "
              "epoch 1,900.",
              "Parts 4-8 took the slope; the series' code applied it to the output twice.",
              ("At learning rate 1 the exact derivative ends above the series' loss at 1,900.",
               "The exact rule takes smaller steps near the end: a bigger learning rate makes up for it.",
               "Reset, pick the exact derivative and a learning rate of 2 in the Lab, then train 1,900 epochs."),
              exact_beats_series),
)
BY_KEY = {c.key: c for c in CHALLENGES}


def check_all(net):
    """Return {challenge key: the epoch the run first met its goal} for every challenge the run solves."""
    solved = {}
    for challenge in CHALLENGES:
        epoch = challenge.check(net)
        if epoch is not None:
            solved[challenge.key] = int(epoch)
    return solved


def solved_from(value):
    """Return the solved challenges a browser handed back ({key: {"epoch", "link"}}), each checked; what can't
    be one (an unknown key, an epoch out of bounds, a link that is not this app's ./?query) is left out."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for key, item in list(value.items())[: len(CHALLENGES)]:
        if (key in BY_KEY and isinstance(item, dict) and isinstance(item.get("epoch"), int)
                and not isinstance(item.get("epoch"), bool) and 0 <= item["epoch"] <= MAX_EPOCHS
                and isinstance(item.get("link"), str) and item["link"].startswith("./?") and len(item["link"]) < 8000):
            out[key] = {"epoch": item["epoch"], "link": item["link"]}
    return out
