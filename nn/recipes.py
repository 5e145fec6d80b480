"""Runs' recipes: what rebuilds a run by training, the same bits every time.

A run is its *recipe*: the architecture (hidden, bias, activation, seed), the people, and the
schedule of derivative rule and learning rate from each epoch on, plus the epoch reached. Training
is deterministic (nn.kernel: the same bits on every machine, with an exp and a tanh of its own), so
`replay(recipe)` rebuilds the very same network. A run file (nn.runfile) and a link (nn.link) also
carry the *fingerprint* of the final weights' bits, and the version of the arithmetic it was made with,
so a rebuild that ends elsewhere says so (`check_fingerprint`), and says why when the link or file is
older. nn.export writes a recipe as a standalone script.
"""

import re

from . import kernel
from .data import SERIES_PEOPLE, People
from .network import MAX_EPOCHS, Network, check_options

ARCHITECTURE = ("hidden", "bias", "activation", "seed")
FINGERPRINT = re.compile(r"[0-9a-f]{8}")


def recipe(net):
    """Return what rebuilds net by training: architecture, people (None for the series'), schedule, epoch."""
    return {
        "architecture": {key: net.options[key] for key in ARCHITECTURE},
        "people": None if net.people == SERIES_PEOPLE else net.people.rows(),
        "schedule": [[int(e), rule, float(lr)] for e, rule, lr in net.changes],
        "epoch": int(net.epoch),
    }


def check_recipe(r):
    """Return (people, architecture options, schedule, epoch) from a recipe, or raise ValueError naming the problem."""
    if not isinstance(r, dict):
        raise ValueError("a run must be a JSON object")
    arch = r.get("architecture", {})
    if not isinstance(arch, dict) or set(arch) - set(ARCHITECTURE):
        raise ValueError(f"architecture must hold only {', '.join(ARCHITECTURE)}")
    check_options(**arch)
    people = SERIES_PEOPLE if r.get("people") is None else People.from_rows(_list(r["people"], "people"))
    epoch = r.get("epoch", 0)
    if isinstance(epoch, bool) or not isinstance(epoch, int) or not 0 <= epoch <= MAX_EPOCHS:
        raise ValueError(f"epoch must be a whole number from 0 to {MAX_EPOCHS:,}")
    schedule = _list(r.get("schedule", [[0, "series", 1.0]]), "schedule")
    last = -1
    for item in schedule:
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], int) and not isinstance(item[0], bool)):
            raise ValueError("each schedule entry must be [epoch, rule, learning rate]")
        try:
            check_options(rule=item[1], learning_rate=item[2])
        except ValueError as err:
            raise ValueError(f"in the schedule, {err}") from None
        if not last < item[0] <= epoch or (last == -1 and item[0] != 0):
            raise ValueError("the schedule's epochs must start at 0 and rise, up to the run's epoch")
        last = item[0]
    return people, arch, [(e, rule, float(lr)) for e, rule, lr in schedule], epoch


def _list(value, what):
    if not isinstance(value, list) or not value:
        raise ValueError(f"{what} must be a non-empty list")
    return value


def start(r):
    """Return the network a recipe starts from: its people and architecture at epoch 0, with its first rule."""
    people, arch, schedule, _ = check_recipe(r)
    return _start(people, arch, schedule)


def _start(people, arch, schedule):
    return Network(people, rule=schedule[0][1], learning_rate=schedule[0][2], **arch)


def advance(net, schedule, epochs, progress=None):
    """Train net up to `epochs` more epochs, switching rule and learning rate where schedule [(epoch, rule, lr)] says.

    Return the epochs done. Training a recipe's schedule in pieces, one call at a time, ends on the same
    bits as training it in one call; progress(done, epochs) as in train.
    """
    end, done = net.epoch + epochs, 0
    while net.epoch < end and not net.diverged:
        _, rule, lr = [item for item in schedule if item[0] <= net.epoch][-1]
        if (rule, lr) != (net.rule, net.learning_rate):
            net.set_rule(rule)
            net.set_learning_rate(lr)
        stop = min([e for e, _, _ in schedule if e > net.epoch] + [end])
        base = done
        report = None if progress is None else (lambda d, _t, base=base: progress(base + d, epochs))
        done += net.train(stop - net.epoch, progress=report)
    return done


def replay(r, progress=None):
    """Rebuild a run by training it again, following its schedule; progress(done, total) as in train."""
    people, arch, schedule, epoch = check_recipe(r)
    net = _start(people, arch, schedule)
    advance(net, schedule, epoch, progress)
    return net


# What a rebuild costs, from `python bench/engine.py`: about 0.1 us an epoch plus 0.022 us for each
# person x (hidden neurons + 1) on this project's 2-core machine.
SECONDS_PER_EPOCH, SECONDS_PER_UNIT = 0.1e-6, 0.022e-6


def rebuild_seconds(r):
    """Return the estimated seconds of server time that replaying recipe r takes."""
    people, arch, _, epoch = check_recipe(r)
    return epoch * (SECONDS_PER_EPOCH + SECONDS_PER_UNIT * len(people) * (arch.get("hidden", 1) + 1))


def recipe_at(r, epoch):
    """Return recipe r cut at an earlier epoch: the same run, stopped there (its schedule up to that epoch)."""
    return {**r, "epoch": int(epoch), "schedule": [list(c) for c in r["schedule"] if c[0] <= epoch]}


def mismatch_note(source):
    return (f"Rebuilt here, this {source}'s run ends on other bits than the {source} recorded (its fingerprint). "
            f"The likely causes, most likely first: the {source} was edited or damaged, or it was made by an older "
            "version of the playground. What you see is the run as rebuilt here.")


def check_fingerprint(expected, actual, source, arithmetic=kernel.ARITHMETIC):
    """Return a plain note if a fingerprint was given and differs from the rebuilt run's, else None. `arithmetic`
    is the kernel's arithmetic the fingerprint was made with (kernel.ARITHMETIC)."""
    if expected is None or expected == actual:
        return None
    if not (isinstance(expected, str) and FINGERPRINT.fullmatch(expected)):
        return f"This {source}'s fingerprint can't be read, so the rebuilt run could not be checked against it."
    if str(arithmetic) != str(kernel.ARITHMETIC):
        return (f"This {source} was made before the playground computed exp and tanh itself (the same on every "
                f"machine), so it was rebuilt with today's arithmetic: its last digits can differ from what "
                "its sender saw.")
    return mismatch_note(source)
