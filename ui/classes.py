"""A class, from the app's side: the store the server uses, and what a post carries.

The store (classroom/store.py) is SQLite in a data folder unless the server is told otherwise:
`streamlit run app.py -- --data-dir DIR` or `-- --database-url postgresql://...`, or the environment
variables HAPPINESS_DATA_DIR and HAPPINESS_DATABASE_URL (docs/serving.md).
"""

import sys
import urllib.parse

import numpy as np

from classroom import store as class_store
from nn import kept, link, recipes

CURVE_POINTS = 100   # samples of a posted run's loss curve: the board draws 40 runs in well under 300 KB


def _argument(name):
    """The value of `--name VALUE` (or `--name=VALUE`) after streamlit run app.py --, or None."""
    args = sys.argv[1:]
    for i, arg in enumerate(args):
        if arg == f"--{name}" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return None


def store_url():
    """The store's URL: the command line's, else the environment's (classroom.store.default_url)."""
    url = _argument("database-url")
    if url:
        return url
    folder = _argument("data-dir")
    return f"sqlite:///{folder.rstrip('/')}/classes.sqlite3" if folder else None


def store():
    return class_store.shared(store_url())


def link_of(query):
    """The address that opens a run on the Overview, from any page: ./?epoch=...& (relative, so it works
    under any base path the server is given)."""
    return "./?" + urllib.parse.urlencode(query)


def post_of(net, solved):
    """What a post carries: the run's recipe and its link (replayed bit for bit), its numbers now, a sample of
    its loss curve, and the challenges solved. Everything is the run's own; nothing is typed but the note."""
    history = net.history
    picked = np.unique(np.linspace(0, len(history) - 1, min(CURVE_POINTS, len(history))).round().astype(int))
    recipe = recipes.recipe(net)
    return {"recipe": recipe, "link": link_of(link.to_query(net)), "label": kept.label(recipe),
            "epoch": int(net.epoch), "loss": float(net.loss), "names": list(net.people.names)[:100],
            "outputs": [float(v) for v in net.output[:100, 0]],
            "curve": {"epochs": [int(e) for e in history.epochs[picked]],
                      "loss": [float(v) for v in history.loss[picked]]},
            "solved": {key: item["epoch"] for key, item in solved.items()}}
