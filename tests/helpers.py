"""Shared test helpers: the app's path and networks trained once per test session."""

import pickle
from functools import lru_cache
from pathlib import Path

from nn import Network
from ui import pages as ui_pages

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = [path for path, *_ in ui_pages.PAGES]


@lru_cache(maxsize=None)
def _trained(epochs):
    net = Network()
    net.train(epochs)
    return pickle.dumps(net)


def trained(epochs):
    """Return a fresh copy of the series' network trained for `epochs` (trained once per session)."""
    return pickle.loads(_trained(epochs))
