"""A link: a run's recipe as the URL's query, short enough for any address bar.

`to_query(net)` writes only what differs from the series, with the weights' fingerprint `fp` and the
kernel's arithmetic `v` it was made with; `from_query` reads it back into a recipe (nn.recipes), falling
back to the series' default for anything it can't use, with a plain message for each.
"""

import base64
import binascii
import json
import urllib.parse

from . import kernel
from .activations import ACTIVATIONS
from .data import FEATURES, People
from .network import MAX_EPOCHS, MAX_HIDDEN, check_options
from .recipes import check_fingerprint, check_recipe, recipe

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
    messages = unknown_notes(query)
    query = {k: v for k, v in query.items() if k in QUERY_KEYS}
    for key in [k for k, v in query.items() if len(v) > MAX_VALUE]:
        messages.append(f"The link's {key} is too long to read ({len(query.pop(key)):,} characters); "
                        f"using the series' {DEFAULT_WORDS.get(key, key)}.")
    r = {"architecture": _architecture_from(query, messages), "people": _people_from(query, messages),
         "schedule": _schedule_from(query, messages), "epoch": _epoch_from(query, messages), "fingerprint": None}
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


def _architecture_from(query, messages):
    """The link's hidden width, seed, activation and bias; each one that can't be used is the series' own, and said."""
    arch = dict(DEFAULTS)
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
    return arch


def _people_from(query, messages):
    """The link's people, or None for the series' (and why, if it had people that can't be used)."""
    if query.get("people") == OMITTED:
        messages.append("This link's people were too many to fit in a link, so it uses the series' people. "
                        "To share your own people, use a run file (Lab: Download this run).")
    elif "people" in query:
        try:
            return _people_from_link(query["people"])
        except _NotPeople:
            messages.append("The link's people can't be read: they are not in the form the playground writes "
                            "(its Share and save makes them); using the series' people.")
        except (ValueError, TypeError) as err:  # our own checks' plain words: the row and column at fault
            messages.append(f"The link's people can't be used ({_short(err)}); using the series' people.")
    return None


def _schedule_from(query, messages):
    """The link's schedule of rules and learning rates as read (check_recipe checks it), or the series' own."""
    if query.get("schedule") == OMITTED:
        messages.append("This link's changes of rule and learning rate were too many to fit in a link, so it uses "
                        "the series' rule and learning rate. A run file keeps them all.")
    elif "schedule" in query:
        try:
            items = [part.split(":") for part in query["schedule"].split(",")]
            return [[int(e), rule, float(lr)] for e, rule, lr in items]
        except ValueError:
            messages.append("The link's schedule can't be read; using the series' rule and learning rate.")
    return [[0, "series", 1.0]]


def _epoch_from(query, messages):
    """The link's epoch, or 0 (and why) if it isn't a whole number from 0 to MAX_EPOCHS."""
    if "epoch" not in query:
        return 0
    try:
        epoch = int(query["epoch"])
    except ValueError:
        messages.append(f"The link's epoch {query['epoch']!r:.20} is not a whole number; starting at epoch 0.")
        return 0
    if not 0 <= epoch <= MAX_EPOCHS:
        messages.append(f"The link's epoch {epoch:,} is outside 0 to {MAX_EPOCHS:,}, the most a run "
                        "can train; starting at epoch 0.")
        return 0
    return epoch


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
    return check_fingerprint(recipe_.get("fingerprint"), net.fingerprint, "link",
                              recipe_.get("arithmetic", kernel.ARITHMETIC))


def _short(err):
    return str(err)[:120]
