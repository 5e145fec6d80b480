"""Runs kept to compare on the Loss page: each has a name the learner can edit, the run's recipe, and its loss curve.

Kept runs outlive the page: the learner's browser keeps them (its local storage) and hands them back
after a reload. What comes back from there is checked like a link or a run file: `from_stored`
refuses anything a kept run can't be. The same run (the same recipe, so the same bits) is kept once.
"""

import json
import math
import re
from dataclasses import dataclass

import numpy as np

from . import recipes

MAX_KEPT = 5          # runs kept at once; keeping another lets the oldest go (the learner is told which)
MAX_NAME = 40         # characters in a kept run's name
CURVE_POINTS = 400    # samples of each kept loss curve (the first and last epochs always among them)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NUMBERED = re.compile(r"Run ([0-9]{1,9})")


@dataclass(frozen=True)
class Kept:
    """One kept run: its name, its recipe (nn.recipes.recipe), and its loss at a sample of its epochs."""

    name: str
    recipe: dict
    epochs: tuple
    loss: tuple

    @property
    def label(self):
        """The run's whole recipe in words: every rule and learning rate it used, its shape, its people."""
        return label(self.recipe)


def label(recipe):
    """Describe a recipe: 'series rule, learning rate 1 to epoch 500, then exact rule, 0.5; width 1, ...'."""
    schedule, epoch = recipe["schedule"], recipe["epoch"]
    steps = []
    for i, (start, rule, lr) in enumerate(schedule):
        words = f"{rule} rule, learning rate {lr:g}"
        if i:
            words = f"from epoch {start:,}: {words}"
        steps.append(words)
    arch = {"hidden": 1, "bias": False, "activation": "sigmoid", "seed": 0, **recipe["architecture"]}
    people = recipe["people"]
    shape = (f"width {arch['hidden']}, {arch['activation']}, {'bias' if arch['bias'] else 'no bias'}, "
             f"{'the series’ 3 people' if people is None else _people(len(people))}")
    return f"{'; '.join(steps)}; {shape}; {epoch:,} epochs"


def _people(n):
    return "1 person of its own" if n == 1 else f"{n} people of its own"


def check_name(name):
    """Return the name as a kept run holds it (trimmed, one line), or raise ValueError saying what to type."""
    if not isinstance(name, str):
        raise ValueError("a kept run's name must be text")
    cleaned = " ".join(_CONTROL.sub(" ", name).split())
    if not cleaned:
        raise ValueError("a kept run needs a name: type one")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"a kept run's name can be at most {MAX_NAME} characters; this one has {len(cleaned)}")
    return cleaned


def of(net, name):
    """Return net's run as a Kept named name: its recipe and its loss at up to CURVE_POINTS epochs."""
    history = net.history
    picked = np.unique(np.linspace(0, len(history) - 1, min(CURVE_POINTS, len(history))).round().astype(int))
    recipe = json.loads(json.dumps(recipes.recipe(net)))  # as it comes back from the browser: lists, not tuples
    return Kept(check_name(name), recipe, tuple(int(e) for e in history.epochs[picked]),
                tuple(float(v) for v in history.loss[picked]))


def number(name):
    """Return N for a name "Run N", else 0."""
    match = _NUMBERED.fullmatch(name)
    return int(match.group(1)) if match else 0


def next_name(runs, after=0):
    """Return "Run N" for the N after every "Run N" kept and `after` (the highest given before): a name is never
    given twice, even once its run has gone."""
    return f"Run {max([after, *(number(run.name) for run in runs)]) + 1}"


def add(runs, run):
    """Return (runs with run kept, the name of the run it duplicates or None, the run let go or None): a run
    kept already stays once, and past MAX_KEPT the oldest goes."""
    for other in runs:
        if other.recipe == run.recipe:
            return list(runs), other.name, None
    runs = [*runs, run]
    return runs[-MAX_KEPT:], None, runs[0] if len(runs) > MAX_KEPT else None


def renamed(runs, index, name):
    """Return runs with the one at index renamed (ValueError for a name that can't be used, or no such run)."""
    if not 0 <= index < len(runs):
        raise ValueError("that kept run is gone")
    new = check_name(name)
    return [Kept(new, r.recipe, r.epochs, r.loss) if i == index else r for i, r in enumerate(runs)]


def to_stored(runs):
    """Return the runs as JSON-ready data, for the browser to keep."""
    return [{"name": r.name, "recipe": r.recipe, "epochs": list(r.epochs), "loss": list(r.loss)} for r in runs]


def from_stored(value):
    """Return the Kept runs in data that to_stored made (as the browser hands it back), or raise ValueError
    naming what is wrong. Nothing in it is trusted: every name, recipe and number is checked."""
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_KEPT:
        raise ValueError(f"they must be a list of at most {MAX_KEPT} runs")
    runs = []
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"run {i} is not a kept run")
        try:
            name = check_name(item.get("name"))
            _, _, _, epoch = recipes.check_recipe(item.get("recipe"))
        except ValueError as err:
            raise ValueError(f"run {i}: {err}") from None
        epochs, loss = item.get("epochs"), item.get("loss")
        if not (isinstance(epochs, list) and isinstance(loss, list) and 1 <= len(epochs) == len(loss) <= CURVE_POINTS
                and all(isinstance(e, int) and not isinstance(e, bool) for e in epochs)
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0
                        for v in loss)
                and epochs[0] >= 0 and all(a < b for a, b in zip(epochs, epochs[1:], strict=False)) and epochs[-1] == epoch):
            raise ValueError(f"run {i}: its loss curve must be up to {CURVE_POINTS} epochs, rising to the run's "
                             "epoch, each with a finite loss of at least 0")
        recipe = {key: item["recipe"].get(key) for key in ("architecture", "people", "schedule", "epoch")}
        runs.append(Kept(name, recipe, tuple(epochs), tuple(float(v) for v in loss)))
    return runs
