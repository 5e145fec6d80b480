"""A run file: the whole run as JSON, to download and load back.

A file carries the run's recipe (nn.recipes), the weights and the history past epoch DENSE, so
`from_dict` restores a long run at once, after checking every number; the first DENSE epochs are
rebuilt by training, which takes a fraction of a second. It names its version: version 3 is the kernel's
own exp and tanh (kernel.ARITHMETIC 2); a file of an earlier version is rebuilt from its recipe.
"""

import json
import math
import re

import numpy as np

from .history import DENSE
from .network import Network, fingerprint
from .recipes import check_fingerprint, check_recipe, mismatch_note, recipe, replay

FORMAT, VERSION = "happiness-net-run", 3  # version 3: the kernel's own exp and tanh (kernel.ARITHMETIC 2)
MAX_STRIDE = 2**20
MAX_FILE_BYTES = 5 * 2**20
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
    note = check_fingerprint(data.get("fingerprint_at_dense"), net.fingerprint, "file")
    hist = data.get("history")
    weights = _numbers(data.get("weights"), (net.layout.size,), "weights")
    if epoch <= DENSE:
        if isinstance(hist, dict) and hist.get("epochs"):
            raise ValueError(f"the history's epochs must rise from past {DENSE:,} to the run's epoch")
        if not np.array_equal(weights, net.params):
            note = note or mismatch_note("file")
        return net, note
    h, diverged = _history(net, hist, data, epoch, weights)
    return Network.from_saved(net, epoch=epoch, changes=schedule, weights=weights, history=h,
                              diverged_at=diverged), note


def _history(net, hist, data, epoch, weights):
    """The history of a file's run past the dense epochs, every number checked (net's own, to DENSE, extended),
    and the epoch it diverged at (or None)."""
    if not isinstance(hist, dict):
        raise ValueError("the file has no history")
    epochs = _numbers(hist.get("epochs"), (None,), "history epochs")
    k, n, size = len(epochs), len(net.people), net.layout.size
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
    return h, diverged


def _whole(value, low, high):
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _finite(value):
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)  # an int too big for a float (10**400) is not a number a run holds
    except OverflowError:
        return False


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
