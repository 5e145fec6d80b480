"""Shared test helpers: the app's path and networks trained once per test session."""

import pickle
import re
from functools import lru_cache

from nn import Network
from ui import byhand
from ui import pages as ui_pages

ROOT = ui_pages.APP.parent
APP = str(ui_pages.APP)
PAGES = [path for path, *_ in ui_pages.PAGES]


@lru_cache(maxsize=None)
def _trained(epochs):
    net = Network()
    net.train(epochs)
    return pickle.dumps(net)


def trained(epochs):
    """Return a fresh copy of the series' network trained for `epochs` (trained once per session)."""
    return pickle.loads(_trained(epochs))


def tex_lines(tex):
    """The lines of a By-hand block (ui/byhand.block), from its TeX source as st.latex or KaTeX hands it back."""
    body = tex.strip("$\n ").removeprefix(r"\begin{gathered}").removesuffix(r"\end{gathered}")
    return body.split(byhand.LINE_BREAK)


def shown(text):
    """Markdown source made by ui.text.plain, read back as the page shows it (each escaped mark as itself)."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "")
