"""Save, share and restore a run: a JSON file, a short URL, or a standalone Python script.

A run is its *recipe*: the architecture (hidden, bias, activation, seed), the people, and the
schedule of derivative rule and learning rate from each epoch on, plus the epoch reached. Training
is deterministic (nn.kernel: the same bits on every machine, with an exp and a tanh of its own), so
`replay(recipe)` rebuilds the very same network. A link and a file also carry the *fingerprint* of the
final weights' bits, and the version of the arithmetic it was made with (a link's `v`, a file's
`version`), so a rebuild that ends elsewhere says so, and says why when the link or file is older.

A JSON file carries the weights and the history past epoch DENSE, so `from_dict` restores a
long run at once, after checking every number; the first DENSE epochs are rebuilt by training,
which takes a fraction of a second.
"""

import base64
import binascii
import inspect
import json
import math
import re
import urllib.parse

import numpy as np

from . import kernel
from .activations import ACTIVATIONS
from .data import FEATURES, SERIES_PEOPLE, People
from .history import DENSE
from .network import MAX_EPOCHS, MAX_HIDDEN, Network, check_options, fingerprint

FORMAT, VERSION = "happiness-net-run", 3  # version 3: the kernel's own exp and tanh (kernel.ARITHMETIC 2)
MAX_STRIDE = 2**20
FINGERPRINT = re.compile(r"[0-9a-f]{8}")
MAX_FILE_BYTES = 5 * 2**20
ARCHITECTURE = ("hidden", "bias", "activation", "seed")


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


# --- JSON file ---------------------------------------------------------------------
BYTES_PER_NUMBER = 20  # a float written by json, with its comma, at most about this long


def to_dict(net, max_bytes=MAX_FILE_BYTES * 0.9):
    """Return the whole run as JSON-ready data: recipe, weights, fingerprints and the history past DENSE.

    A long history of a wide network has its samples past DENSE merged pairwise (each band
    widened to hold both windows) until the file fits under max_bytes, so it can be loaded back.
    """
    h = net.history.copy()
    per_sample = (h.params.shape[1] + 3 + 2 * len(net.people)) * BYTES_PER_NUMBER
    while (len(h) - h.dense_count) * per_sample > max_bytes:
        h.thin()
    first = h.dense_count
    low, high = h.loss_band
    out_low, out_high = h.sparse_output_band
    best_epoch, best_loss = h.best
    return {"format": FORMAT, "version": VERSION, **recipe(net), "diverged_at": net.diverged_at,
            "weights": net.params.tolist(), "fingerprint": net.fingerprint,
            "fingerprint_at_dense": fingerprint(h.params[first - 1]), "parameter_names": net.layout.names(),
            "best": {"epoch": best_epoch, "loss": best_loss},
            "history": {"stride": h.stride, "epochs": h.epochs[first:].tolist(), "loss": h.loss[first:].tolist(),
                        "loss_low": low[first:].tolist(), "loss_high": high[first:].tolist(),
                        "params": h.params[first:].tolist(), "output_low": out_low.tolist(),
                        "output_high": out_high.tolist()}}


def to_json(net):
    """Return the run as a JSON string."""
    return json.dumps(to_dict(net), separators=(",", ":"))


def too_big(size):
    """Say why a file of `size` bytes, over a run file's limit, is not loaded."""
    return (f"the file is {size / 2**20:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MB a run file can be (the "
            "playground's own are never larger)")


def from_json(text):
    """Restore a run from JSON text (bytes or str): return (network, note or None), or raise ValueError."""
    if len(text) > MAX_FILE_BYTES:
        raise ValueError(too_big(len(text)))
    try:
        if _depth(text) > MAX_DEPTH:  # checked first: how deep json.loads may go differs between Pythons
            raise RecursionError
        data = json.loads(text, parse_constant=_Constant)
        where = _constant_in(data)
        if where is not None:
            path, constant = where
            raise ValueError(f"{_field(path)} holds {constant.name}, which is not a finite number")
        return from_dict(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("the file is not JSON") from None
    except RecursionError:
        raise ValueError("the file nests lists too deeply to be a run") from None


MAX_DEPTH = 20  # a run file nests its lists and objects a few levels deep


_ESCAPES = re.compile(r"\\.", re.DOTALL)   # a backslash and the character it escapes
_STRINGS = re.compile(r'"[^"]*"')          # a string, once its escapes are gone
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def _depth(text):
    """Return how deep the JSON text nests its lists and objects (brackets inside its strings left out)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    depth = deepest = 0
    for c in _NOT_BRACKETS.sub("", _STRINGS.sub("", _ESCAPES.sub("", text))):
        depth += 1 if c in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


class _Constant:
    """NaN, Infinity or -Infinity as the file spells it: refused, naming its field (_constant_in)."""

    def __init__(self, name):
        self.name = name


def _constant_in(node, path=()):
    """Return (path, _Constant) of the first NaN or Infinity in the parsed file, or None."""
    if isinstance(node, _Constant):
        return path, node
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        if isinstance(value, (dict, list, _Constant)):
            found = _constant_in(value, (*path, key))
            if found is not None:
                return found
    return None


def _field(path):
    """Name a field of a run file for a learner: ("history", "loss", 3) -> "the history's loss (number 4)"."""
    names = [str(p) for p in path if not isinstance(p, int)]
    places = [p for p in path if isinstance(p, int)]
    name = "the file" if not names else f"the {names[0]}" if len(names) == 1 else \
        f"the {names[0]}'s {' '.join(names[1:])}"
    return name + (f" (item {places[0] + 1})" if places else "")


def from_dict(data):
    """Restore a run from to_dict's data, after checking its shape and every number; return (network, note or None).

    A file from version 1 (an earlier arithmetic) is rebuilt from its recipe instead.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"this is not a run saved by the playground (format should be {FORMAT!r})")
    if data.get("version") in (1, 2):  # an earlier arithmetic (version 2: the C library's exp and tanh)
        net = replay({k: data.get(k) for k in ("architecture", "people", "schedule", "epoch")})
        return net, (f"This file was saved by an earlier version of the playground, so the run was rebuilt "
                     f"from its settings by training again ({net.epoch:,} epochs), with today's arithmetic: its "
                     "last digits can differ from those it was saved with.")
    if data.get("version") != VERSION:
        raise ValueError(f"this run file's version {str(data.get('version'))[:20]} is not {VERSION}")
    recipe_ = {k: data.get(k) for k in ("architecture", "people", "schedule", "epoch")}
    people, _, schedule, epoch = check_recipe(recipe_)
    net = replay({**recipe_, "epoch": min(epoch, DENSE),
                  "schedule": [list(c) for c in schedule if c[0] <= min(epoch, DENSE)]})
    note = _check_fingerprint(data.get("fingerprint_at_dense"), net.fingerprint, "file")
    size, hist = net.layout.size, data.get("history")
    weights = _numbers(data.get("weights"), (size,), "weights")
    if epoch <= DENSE:
        if isinstance(hist, dict) and hist.get("epochs"):
            raise ValueError(f"the history's epochs must rise from past {DENSE:,} to the run's epoch")
        if not np.array_equal(weights, net.params):
            note = note or _mismatch_note("file")
        return net, note
    if not isinstance(hist, dict):
        raise ValueError("the file has no history")
    epochs = _numbers(hist.get("epochs"), (None,), "history epochs")
    k, n = len(epochs), len(people)
    params = _numbers(hist.get("params"), (k, size), "history weights")
    loss, low, high = (_numbers(hist.get(key), (k,), f"history {key.replace('_', ' ')}")
                       for key in ("loss", "loss_low", "loss_high"))
    out_low, out_high = (_numbers(hist.get(key), (k, n), f"history {key.replace('_', ' ')}")
                         for key in ("output_low", "output_high"))
    stride, best, diverged = hist.get("stride"), data.get("best"), data.get("diverged_at")
    if not (np.all(epochs == np.round(epochs)) and epochs[0] > DENSE and epochs[-1] == epoch
            and np.all(np.diff(epochs) > 0)):
        raise ValueError(f"the history's epochs must rise from past {DENSE:,} to the run's epoch")
    if not np.array_equal(params[-1], weights):
        raise ValueError("the weights do not match the last epoch of the history")
    if not (np.all(low <= loss) and np.all(loss <= high) and np.all(low >= 0)):
        raise ValueError("in the history, each loss must lie in its band (loss_low to loss_high), "
                         "and no loss is below 0")
    if not (np.all(out_low <= out_high) and np.all(out_low >= 0) and np.all(out_high <= 1)):
        raise ValueError("in the history, each output band (output_low to output_high) must lie "
                         "between 0 and 1, lowest first")
    if isinstance(stride, bool) or not isinstance(stride, int) or not 1 <= stride <= MAX_STRIDE:
        raise ValueError(f"the history's stride must be a whole number from 1 to {MAX_STRIDE:,}")
    if not (isinstance(best, dict) and _whole(best.get("epoch"), 0, epoch) and _finite(best.get("loss"))
            and best["loss"] >= 0):
        raise ValueError("the best loss must be an epoch of the run and a number of at least 0")
    if diverged is not None and not (_whole(diverged, epoch + 1, epoch + 1)):
        raise ValueError("diverged_at must be empty or the epoch after the run's epoch")
    h = net.history.copy()
    h.extend(epochs, params, loss, low, high, out_low, out_high, stride, (best["epoch"], best["loss"]))
    if h.best[1] > h.loss.min():  # the file's best can't be worse than a loss it holds
        raise ValueError("the best loss is higher than a loss in the history")
    return Network.from_saved(net, epoch=epoch, changes=schedule, weights=weights, history=h,
                              diverged_at=diverged), note


def _whole(value, low, high):
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _finite(value):
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)  # an int too big for a float (10**400) is not a number a run holds
    except OverflowError:
        return False


def _mismatch_note(source):
    return (f"Rebuilt here, this {source}'s run ends on other bits than the {source} recorded (its fingerprint). "
            f"The likely causes, most likely first: the {source} was edited or damaged, or it was made by an older "
            "version of the playground. What you see is the run as rebuilt here.")


def _check_fingerprint(expected, actual, source, arithmetic=kernel.ARITHMETIC):
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
    return _mismatch_note(source)


def _numbers(value, shape, what):
    """Return value as a finite float array of the given shape (None = any length), or raise ValueError."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError, OverflowError, RecursionError):
        raise ValueError(f"{what} must be numbers") from None
    if arr.ndim != len(shape) or any(s is not None and s != n for s, n in zip(shape, arr.shape, strict=True)):
        found = " x ".join(f"{n:,}" for n in arr.shape) or "a single number"
        wanted = "a list of numbers" if shape == (None,) else " x ".join(f"{n:,}" for n in shape) + " numbers"
        raise ValueError(f"{what}: {wanted} expected, {found} found")
    if arr.size == 0 or not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} must be finite numbers, and at least one")
    return arr


# --- URL -----------------------------------------------------------------------------
DEFAULTS = {"hidden": 1, "bias": False, "activation": "sigmoid", "seed": 0}
DEFAULT_WORDS = {"hidden": "one hidden neuron", "bias": "network with no bias", "activation": "sigmoid",
                 "seed": "seed 0", "people": "people", "schedule": "rule and learning rate", "epoch": "start",
                 "fp": "check"}
QUERY_KEYS = {"epoch", "schedule", "people", "fp", "v", *DEFAULTS}  # every URL parameter a shared run may carry
# (v: the kernel's arithmetic its fingerprint fp was made with, kernel.ARITHMETIC; a link without it is older)
STREAMLIT_KEYS = {"embed", "embed_options"}  # Streamlit's own parameters, left to it
PAGE_KEYS = {"step", "present", "teach", "code"}  # the app's own parameters (the tour's step, presenter mode, a
# teacher's link, a class code to join), not part of the run
# A shared address stays under 8 KB, the request-line limit of common servers and proxies (nginx's
# default buffer is 8 KB), so a reload always reaches the server: the query gets MAX_QUERY characters,
# which leaves room for the host and the page's path.
MAX_QUERY = 6_000
MAX_VALUE = MAX_QUERY        # a longer value in a link is not read at all
OMITTED = "omitted"          # a value too long to share, left out of the address on purpose


def to_query(net):
    """Return the URL query parameters (str -> str) that rebuild net: only what differs from the series."""
    return query_of(recipe(net), net.fingerprint)


def recipe_at(r, epoch):
    """Return recipe r cut at an earlier epoch: the same run, stopped there (its schedule up to that epoch)."""
    return {**r, "epoch": int(epoch), "schedule": [list(c) for c in r["schedule"] if c[0] <= epoch]}


def query_of(r, fingerprint=None):
    """Return the URL query parameters that rebuild recipe r (with the weights' fingerprint, if known)."""
    query = {"epoch": str(r["epoch"])}
    for key, value in r["architecture"].items():
        if value != DEFAULTS[key]:
            query[key] = str(int(value)) if isinstance(value, bool) else str(value)
    if r["schedule"] != [[0, "series", 1.0]]:
        query["schedule"] = ",".join(f"{e}:{rule}:{lr!r}" for e, rule, lr in r["schedule"])
    if r["people"] is not None:
        rows = [[p["name"], *(p[f] for f in FEATURES), p["truth"]] for p in r["people"]]
        raw = json.dumps(rows, separators=(",", ":")).encode()
        query["people"] = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    if fingerprint is not None:
        query["fp"], query["v"] = fingerprint, str(kernel.ARITHMETIC)
    for key in ("people", "schedule"):  # what does not fit is left out, and the link says so when opened
        if query_length(query) > MAX_QUERY and key in query:
            query[key] = OMITTED
            query.pop("fp", None)
            query.pop("v", None)
    return query


def query_length(query):
    """Return the length of the query string for these parameters, as the address bar writes it."""
    return len(urllib.parse.urlencode(query))


def omitted(query):
    """Return what to_query had to leave out of the address (a list of "people" or "schedule")."""
    return [key for key in ("people", "schedule") if query.get(key) == OMITTED]


def unknown_notes(query):
    """Return [a plain note] naming the address's parameters the playground doesn't use, or []."""
    unknown = sorted(set(query) - QUERY_KEYS - STREAMLIT_KEYS - PAGE_KEYS)
    if not unknown:
        return []
    named = ", ".join(repr(k[:20]) for k in unknown[:3]) + (" and more" if len(unknown) > 3 else "")
    if len(unknown) == 1:
        return [f"The link's {named} is not something the playground uses, so it was left out."]
    return [f"The link's {named} are not things the playground uses, so they were left out."]


LINK_LIMITS = {"hidden": f"a whole number from 1 to {MAX_HIDDEN}", "seed": f"a whole number from 0 to {2**32 - 1:,}",
               "activation": f"one of {', '.join(ACTIVATIONS)}", "bias": "1 (on) or 0 (off)"}


def from_query(query):
    """Return (recipe, messages) from URL parameters; what cannot be read falls back to the series' default.

    Parsing is bounded: a value longer than MAX_VALUE characters is not read at all, the people's JSON
    may nest only as deep as a list of rows, and every score must be a number (not text that looks like one).
    """
    messages, arch = [], dict(DEFAULTS)
    r = {"architecture": arch, "people": None, "schedule": [[0, "series", 1.0]], "epoch": 0, "fingerprint": None}
    messages += unknown_notes(query)
    query = {k: v for k, v in query.items() if k in QUERY_KEYS}
    for key in [k for k, v in query.items() if len(v) > MAX_VALUE]:
        messages.append(f"The link's {key} is too long to read ({len(query.pop(key)):,} characters); "
                        f"using the series' {DEFAULT_WORDS.get(key, key)}.")
    readers = {"hidden": int, "seed": int, "activation": str, "bias": lambda v: {"1": True, "0": False}[v]}
    for key, read in readers.items():
        if key in query:
            try:
                value = read(query[key])
                check_options(**{key: value})
                arch[key] = value
            except (ValueError, KeyError):
                messages.append(f"The link's {key} {query[key]!r:.40} can't be used: it must be {LINK_LIMITS[key]}; "
                                f"using the series' {DEFAULT_WORDS[key]}.")
    if query.get("people") == OMITTED:
        messages.append("This link's people were too many to fit in a link, so it uses the series' people. "
                        "To share your own people, use a run file (Lab: Download this run).")
    elif "people" in query:
        try:
            r["people"] = _people_from_link(query["people"])
        except _NotPeople:
            messages.append("The link's people can't be read: they are not in the form the playground writes "
                            "(its Share and save makes them); using the series' people.")
        except (ValueError, TypeError) as err:  # our own checks' plain words: the row and column at fault
            messages.append(f"The link's people can't be used ({_short(err)}); using the series' people.")
    if query.get("schedule") == OMITTED:
        messages.append("This link's changes of rule and learning rate were too many to fit in a link, so it uses "
                        "the series' rule and learning rate. A run file keeps them all.")
    elif "schedule" in query:
        try:
            items = [part.split(":") for part in query["schedule"].split(",")]
            r["schedule"] = [[int(e), rule, float(lr)] for e, rule, lr in items]
        except ValueError:
            messages.append("The link's schedule can't be read; using the series' rule and learning rate.")
    if "epoch" in query:
        try:
            r["epoch"] = int(query["epoch"])
        except ValueError:
            messages.append(f"The link's epoch {query['epoch']!r:.20} is not a whole number; starting at epoch 0.")
        else:
            if not 0 <= r["epoch"] <= MAX_EPOCHS:
                messages.append(f"The link's epoch {r['epoch']:,} is outside 0 to {MAX_EPOCHS:,}, the most a run "
                                "can train; starting at epoch 0.")
                r["epoch"] = 0
    try:
        check_recipe(r)
    except ValueError as err:
        if "schedule" in str(err):  # check_recipe names the schedule in every error of its own
            messages.append(f"The link's schedule can't be used ({_short(err)}); using the series' rule and learning rate.")
            r["schedule"] = [[0, "series", 1.0]]
    if not messages and query.get("people") != OMITTED and query.get("schedule") != OMITTED:
        r["fingerprint"] = query.get("fp")  # only a link read whole can be checked against its fingerprint
        r["arithmetic"] = query.get("v", "1")  # (a link from before links named it: the C library's exp)
    return r, messages


class _NotPeople(Exception):
    """A link's people value is not base64 of JSON at all (a broken or made-up link)."""


def _people_from_link(value):
    """Return People.rows() from the link's people value: base64 of [[name, 4 scores, truth], ...]."""
    try:
        rows = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, RecursionError):
        raise _NotPeople from None
    if not isinstance(rows, list) or not all(isinstance(row, list) and len(row) == 6 for row in rows):
        raise ValueError("each person must be a name, four scores and a truth")
    columns = ("name", *FEATURES, "truth")
    for i, row in enumerate(rows):
        if not isinstance(row[0], str):
            raise ValueError(f"row {i + 1}: the name must be text")
        for column, cell in zip(columns[1:], row[1:], strict=True):
            if isinstance(cell, bool) or not isinstance(cell, (int, float)):
                raise ValueError(f"row {i + 1}, {column}: {str(cell)[:20]!r} is not a number")
    return People.from_rows([dict(zip(columns, row, strict=True)) for row in rows]).rows()


def fingerprint_note(recipe_, net):
    """Return a plain note if the link's fingerprint differs from the rebuilt run's, else None."""
    return _check_fingerprint(recipe_.get("fingerprint"), net.fingerprint, "link",
                              recipe_.get("arithmetic", kernel.ARITHMETIC))


def _short(err):
    return str(err)[:120]


# --- a standalone script ------------------------------------------------------------------
KERNEL_FUNCTIONS = ("exp", "tanh", "sigmoid", "sigmoid_derivative", "activate", "slope", "feedforward", "loss_of",
                    "backprop", "update")

SCRIPT = '''"""The happiness network, exported from the Happiness Net Playground at epoch {epoch:,}.

{summary}
In the spirit of part 9 of "Handwriting a neural net": it trains the network from its start and
prints each person's output, the loss and the weights' fingerprint, exactly as the playground shows
them. It carries the playground's own arithmetic (nn/kernel.py): one number at a time, in a fixed
order, with an exp of its own (not the C library's), so it gives the same bits on any machine.
It needs only numpy. Plain Python takes about 20 microseconds an epoch (1,900 epochs: under half a
second). For a long run of a big network it uses numba, if it is installed, to compile its loops
first: that takes about 5 seconds, then an epoch of the series' network takes well under a microsecond.
Compiling pays off from about a million steps of one person through one neuron (200,000 epochs of the
series' network). The numbers are the same either way.
Run: python happiness_net.py
"""
import hashlib
import math

import numpy as np

epochs = {epoch}
steps = {steps:_}  # epochs x people x (hidden neurons + 1): this run's {steps_words}


def njit(**_options):
    return lambda function: function


if steps >= {compile_steps:_}:  # compiling pays off only for a long run of a big network
    try:
        from numba import njit
    except ImportError:
        pass

SIGMOID, TANH, RELU = 0, 1, 2  # the hidden layer's activation
SERIES, EXACT = 0, 1           # the derivative rule: the series' own, or the exact one

{kernel}

@njit()
def train(X, y, params, hidden, bias, activation, rule, learning_rate, epochs):
    """The series' loop: for i in range(1500): nn.feedforward(); nn.backprop(). Return the epochs done."""
    n = X.shape[0]
    z1, layer1, delta1 = np.zeros((n, hidden)), np.zeros((n, hidden)), np.zeros((n, hidden))
    z2, output, delta2 = np.zeros(n), np.zeros(n), np.zeros(n)
    d_params, before = np.zeros(params.shape[0]), np.zeros(params.shape[0])
    for epoch in range(epochs):
        # self.layer1 = sigmoid(np.dot(self.input, self.weights1)); self.output = sigmoid(np.dot(self.layer1, self.weights2))
        feedforward(X, params, hidden, bias, activation, z1, layer1, z2, output)
        # d_weights2 = np.dot(self.layer1.T, 2*(self.y - self.output) * sigmoid_derivative(self.output)), and d_weights1
        backprop(X, y, params, hidden, bias, activation, rule, layer1, output, delta2, delta1, d_params)
        # self.weights1 += d_weights1; self.weights2 += d_weights2 (times the learning rate)
        if not update(params, d_params, learning_rate, before):
            params[:] = before  # a number stopped being finite: stay at the last finite epoch, as the playground does
            return epoch
    return epochs


names = {names!r}
X = np.array({X})
y = np.array({y})
# every weight in one list: weights1 (feature by feature, one per hidden neuron), weights2, then the biases
params = np.array({params})
hidden, bias, activation = {hidden}, {bias}, {activation_code}  # {activation}
# from each epoch on: (epoch, derivative rule, learning rate)
schedule = {schedule!r}

ends = [start for start, _, _ in schedule[1:]] + [epochs]
for (start, rule, learning_rate), end in zip(schedule, ends):
    done = train(X, y, params, hidden, bias, activation, SERIES if rule == "series" else EXACT, learning_rate, end - start)
    if done < end - start:
        print(f"training stopped at epoch {{start + done:,}}: a number stopped being finite")
        break

output, z1, layer1, z2 = np.zeros(len(X)), np.zeros((len(X), hidden)), np.zeros((len(X), hidden)), np.zeros(len(X))
feedforward(X, params, hidden, bias, activation, z1, layer1, z2, output)
for name, value in zip(names, output):
    print(f"{{name}}: {{value:.6f}}")
print(f"loss: {{loss_of(y, output):.6f}}")
print("fingerprint:", hashlib.sha256(params.astype("<f8").tobytes()).hexdigest()[:8])
'''


SERIES_SCRIPT = '''"""The happiness network in the style of part 9 of "Handwriting a neural net", exported from the
Happiness Net Playground at epoch {epoch:,}.

{summary}
This is part 9's code: a NeuralNetwork whose feedforward() and backprop() use numpy's np.dot, trained
in a loop, then printing each person's output.{additions}

np.dot adds up its numbers in an order of its own, while the playground adds one number at a time in
a fixed order, so the last digits can differ. For the series' network they agree with the playground
to 1e-6 for the first 10,000 epochs (the playground's tests check this, and a few of its options too);
a run that swings or diverges can drift further. For the playground's exact bits, download its
bit-exact script instead.
Run: python happiness_net_series.py   (needs only numpy)
"""
import numpy as np

np.seterr(over="ignore")  # sigmoid(-1000): e^1000 is too big for a float, and 1 / (1 + inf) is 0 as it should be


def sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    return sigmoid(x) * (1.0 - sigmoid(x))
{functions}

class NeuralNetwork:
    def __init__(self, x, y):
        self.input = x
        self.weights1 = np.array({weights1})  # 4 x {hidden}: money, relationships, sandwiches, baseline to the hidden layer
        self.weights2 = np.array({weights2})  # {hidden} x 1: the hidden layer to the output{bias_start}
        self.y = y
        self.output = np.zeros(self.y.shape){rule_start}

    def feedforward(self):
        self.layer1 = {hidden_activation}(np.dot(self.input, self.weights1){plus_bias1})
        self.output = sigmoid(np.dot(self.layer1, self.weights2){plus_bias2})

    def backprop(self):
        # the chain rule, as part 9 wrote it{backprop}


X = np.array({X})
y = np.array({y})
names = {names!r}
nn = NeuralNetwork(X, y)
{loop}
nn.feedforward()
for name, value in zip(names, nn.output[:, 0]):
    print(f"{{name}}: {{value:.6f}}")
print(f"loss: {{np.sum((nn.y - nn.output) ** 2):.6f}}")
'''

_HIDDEN = {  # activation -> (the function's name in the script, its definition, its slope by rule)
    "sigmoid": ("sigmoid", "", {"series": "sigmoid_derivative(self.layer1)",
                                "exact": "self.layer1 * (1.0 - self.layer1)"}),
    "tanh": ("np.tanh", "\n\ndef tanh_derivative(x):\n    return 1.0 - np.tanh(x) ** 2\n",
             {"series": "tanh_derivative(self.layer1)", "exact": "(1.0 - self.layer1 ** 2)"}),
    "relu": ("relu", "\n\ndef relu(x):\n    return np.maximum(x, 0.0)\n\n\ndef relu_derivative(x):\n"
             "    return (x > 0.0) * 1.0\n", {"series": "relu_derivative(self.layer1)",
                                            "exact": "relu_derivative(self.layer1)"}),
}
_OUTPUT_SLOPE = {"series": "sigmoid_derivative(self.output)", "exact": "self.output * (1.0 - self.output)"}


def to_series_script(net):
    """Return a standalone script in part 9's own style (a NeuralNetwork class with np.dot) for net's run.

    It trains net's configuration from its start for net.epoch epochs, following its schedule. Its
    numbers agree with the playground's to about 1e-6 (np.dot adds in an order of its own); to_script
    gives the same bits.
    """
    start = Network(net.people, **{key: net.options[key] for key in ARCHITECTURE})
    o, schedule = net.options, [(int(e), rule, float(lr)) for e, rule, lr in net.changes]
    weights1, weights2, bias1, bias2 = start.layout.split(start.params)
    rules = {rule for _, rule, _ in schedule}
    name, functions, hidden_slope = _HIDDEN[o["activation"]]
    additions = []
    if o["hidden"] > 1:
        additions.append(f"{o['hidden']} hidden neurons where the series had one, from a random start")
    if o["activation"] != "sigmoid":
        additions.append(f"a {o['activation']} hidden layer")
    if o["bias"]:
        additions.append("a bias on each neuron (bias1, bias2)")
    if "exact" in rules:
        additions.append("the exact derivative, a * (1 - a) on an output a, where the series applied "
                         "sigmoid_derivative to the output")
    if any(lr != 1.0 for _, _, lr in schedule):
        additions.append("a learning rate: each step is learning_rate x d_weights")
    if len(schedule) > 1:
        additions.append("a schedule that changes the rule or learning rate part-way")
    people = "" if net.people is SERIES_PEOPLE else " Its people are this run's own."
    summary = (f"{len(net.people)} people, hidden width {o['hidden']}, {o['activation']} hidden layer, "
               f"{'with' if o['bias'] else 'no'} bias.{people}")
    steady = len(rules) == 1 and len({lr for _, _, lr in schedule}) == 1
    rule, lr = schedule[0][1], schedule[0][2]
    delta2 = _OUTPUT_SLOPE[rule] if len(rules) == 1 else \
        f"({_OUTPUT_SLOPE['series']} if self.rule == 'series' else {_OUTPUT_SLOPE['exact']})"
    delta1 = hidden_slope[rule] if len(rules) == 1 else \
        f"({hidden_slope['series']} if self.rule == 'series' else {hidden_slope['exact']})"
    step = "" if steady and lr == 1.0 else "self.learning_rate * "
    backprop = (f"\n        delta2 = 2 * (self.y - self.output) * {delta2}"
                f"\n        d_weights2 = np.dot(self.layer1.T, delta2)"
                f"\n        delta1 = np.dot(delta2, self.weights2.T) * {delta1}"
                f"\n        d_weights1 = np.dot(self.input.T, delta1)"
                f"\n        # update the weights with the derivative (slope) of the loss function"
                f"\n        self.weights1 += {step}d_weights1"
                f"\n        self.weights2 += {step}d_weights2")
    if o["bias"]:
        backprop += (f"\n        self.bias1 += {step}np.sum(delta1, axis=0, keepdims=True)"
                     f"\n        self.bias2 += {step}np.sum(delta2, axis=0, keepdims=True)")
    bias_start = "" if not o["bias"] else (
        f"\n        self.bias1 = np.array([{_lit(bias1)}])  # 1 x {o['hidden']}: a bias on each hidden neuron"
        f"\n        self.bias2 = np.array([{_lit(bias2)}])  # 1 x 1: the output's bias")
    rule_start = "" if not step and len(rules) == 1 else \
        f"\n        self.rule, self.learning_rate = {rule!r}, {lr!r}  # the schedule below changes them"
    if len(schedule) == 1:
        loop = f"for i in range({net.epoch}):\n    nn.feedforward()\n    nn.backprop()"
    else:
        loop = (f"# from each epoch on: (epoch, derivative rule, learning rate)\nschedule = {schedule!r}\n"
                f"for i in range({net.epoch}):\n"
                f"    for start, rule, learning_rate in schedule:\n"
                f"        if i == start:\n"
                f"            nn.rule, nn.learning_rate = rule, learning_rate\n"
                f"    nn.feedforward()\n    nn.backprop()")
    return SERIES_SCRIPT.format(
        epoch=net.epoch, summary=summary, functions=functions, hidden=o["hidden"],
        additions="" if not additions else "\nBeyond the series, this run has " + "; ".join(additions) + ".",
        weights1=_lit(weights1), weights2=_lit(weights2), bias_start=bias_start, rule_start=rule_start,
        hidden_activation=name, plus_bias1=" + self.bias1" if o["bias"] else "",
        plus_bias2=" + self.bias2" if o["bias"] else "", backprop=backprop,
        X=_lit(net.people.X), y=_lit(net.people.y), names=list(net.people.names), loop=loop)


def kernel_source():
    """Return the source of the kernel's per-epoch functions and its exp's constants, as the exported script
    carries them."""
    lines = inspect.getsource(kernel).splitlines()  # the constants of the kernel's exp, as its source writes them
    first = next(i for i, line in enumerate(lines) if line.startswith("LN2_HI ="))
    last = next(i for i, line in enumerate(lines) if line.startswith("POWERS_OF_2 ="))
    constants = "\n".join(lines[first:last + 1])
    parts = [inspect.getsource(getattr(kernel, name)) for name in KERNEL_FUNCTIONS]
    return "\n\n".join([constants, *(part.replace("@njit(nogil=True, cache=True)", "@njit()") for part in parts)])


COMPILE_STEPS = 1_000_000  # the exported script compiles from this many person-neuron steps (see its docstring)


def to_script(net):
    """Return a standalone script that trains net's configuration from its start for net.epoch epochs."""
    start = Network(net.people, **{key: net.options[key] for key in ARCHITECTURE})
    o = net.options
    summary = (f"{len(net.people)} people, hidden width {o['hidden']}, {o['activation']} hidden layer, "
               f"{'with' if o['bias'] else 'no'} bias.")
    steps = net.epoch * len(net.people) * (o["hidden"] + 1)
    words = "long run: it compiles" if steps >= COMPILE_STEPS else "run is short enough for plain Python"
    return SCRIPT.format(
        epoch=net.epoch, steps=steps, compile_steps=COMPILE_STEPS, steps_words=words, summary=summary,
        kernel=kernel_source(), names=list(net.people.names),
        X=_lit(net.people.X), y=_lit(net.people.y[:, 0]), params=_lit(start.params), hidden=o["hidden"],
        bias=o["bias"], activation_code=start.layout.code, activation=o["activation"],
        schedule=[(int(e), rule, float(lr)) for e, rule, lr in net.changes])


def _lit(arr):
    """A numpy array as an exact Python literal (repr keeps every digit of a float)."""
    return repr(np.asarray(arr, dtype=float).tolist())
