"""Shared test helpers: the app's path and networks trained once per test session."""

import pickle
import re
from functools import lru_cache
from pathlib import Path

from nn import Network, People
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


def switch(at, path):
    """Switch an AppTest to the playground page whose script is `path` (as AppTest.switch_page would).

    The app gives st.navigation its pages as functions (ui/pages.page), and AppTest.switch_page (Streamlit
    1.67) finds only pages given as file paths, so this sets AppTest's private page hash to the registered
    page at the script's address instead. Call at.run() first, as for switch_page.
    """
    index = PAGES.index(path)
    address = "" if index == 0 else Path(path).stem
    matches = [h for h, info in at._registered_pages.items() if info.get("url_pathname", "") == address]
    assert len(matches) == 1, (path, at._registered_pages)
    at._page_hash = matches[0]
    return at


def start_on(at, path):
    """Make an AppTest's first run open the page whose script is `path`, as a link to its address would."""
    from streamlit.util import calc_hash
    at._page_hash = calc_hash(Path(path).stem)
    return at


def live(at, key="live"):
    """The data the live view was given in an AppTest's last run (ui/live.py): the bar's by default."""
    import json
    element = next(e for e in at.get("bidi_component") if e.proto.id.endswith(f"-{key}"))
    return json.loads(element.proto.json)[0]  # sent as a list of one (ui/live._mount)


_presses = 0


def bar(at, event="act", component="live", **value):
    """Press the live bar as its JavaScript does (ui/live.js sends a trigger value), and run the app.

    AppTest can't run the component's JavaScript, so this sends the trigger the browser would send, through
    AppTest's private _tree and _run (Streamlit 1.67). component names the drawing of ui/live's component
    that sends it (its key): the bar, or the kept runs' store.
    """
    import json

    from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX
    element = next(e for e in at.get("bidi_component") if e.proto.id.endswith(f"-{component}"))
    states = at._tree.get_widget_states()
    trigger = states.widgets.add()
    trigger.id = f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{element.proto.id}__events"
    global _presses
    _presses += 1  # each press is named as the browser names it (its tab and its number): it counts once
    named = {"tab": "apptest", "k": _presses, **value}  # a test may name a press itself (k=...)
    trigger.json_trigger_value = json.dumps([{"event": event, "value": named}])
    at._run(states)
    return at


def open_app(page=None, net=None, query=None):
    """An AppTest of the app, run once: with a network of the test's own, an address, and a page to switch to."""
    from streamlit.testing.v1 import AppTest

    from ui.session import Session
    at = AppTest.from_file(APP, default_timeout=60)
    if net is not None:
        at.session_state["session"] = Session(net)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        switch(at, page).run()
    assert not at.exception, at.exception
    return at


def varied():
    """A run that differs from the series in everything a recipe holds: people, width, bias, activation,
    seed, and a change of rule and learning rate part-way."""
    net = Network(People(["Ann", "Ben"], [[0.1, 0.9, 0.5, 0.2], [0.8, 0.3, 0.3, 0.6]], [0.9, 0.3]),
                  hidden=3, bias=True, activation="tanh", seed=5)
    net.train(300)
    net.set_rule("exact")
    net.set_learning_rate(0.123456789)
    net.train(200)
    return net
