"""The playground's pages, listed once: app.py builds the navigation and Overview its links from this."""

import runpy
import threading
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent.parent / "app.py"
ROOT = APP.parent

PAGES = [
    # (script, title, icon, one line on what it shows)
    ("pages/playground/overview.py", "Overview", ":material/home:", "The story, the people and the outputs now"),
    ("pages/playground/tour.py", "Tour", ":material/tour:", "A guided walk through the series, step by step"),
    ("pages/playground/weights.py", "Weights", ":material/hub:", "The network drawn out, every weight and how it moved"),
    ("pages/playground/outputs.py", "Outputs", ":material/bar_chart:", "Each person's guess against the truth"),
    ("pages/playground/loss.py", "Loss", ":material/show_chart:", "How wrong the network is, epoch by epoch, with a replay"),
    ("pages/playground/landscape.py", "Landscape", ":material/landscape:",
     "The loss over two weights, the path training took and its next step"),
    ("pages/playground/learned.py", "What has it learned?", ":material/psychology:",
     "The network's score for anyone, across two scores"),
    ("pages/playground/score.py", "Score a person", ":material/calculate:", "Type in four scores, get a happiness score"),
    ("pages/playground/lab.py", "Lab", ":material/science:", "Go beyond the series: options, your own people, sharing"),
    ("pages/playground/by_hand.py", "By hand", ":material/edit_note:", "This epoch's arithmetic, as the series wrote it"),
]


def run_app():
    """Run app.py in place of a legacy page file.

    Until app.py first calls st.navigation, a fresh Streamlit server treats the `.py` files directly
    in `pages/` as pages of their own (the legacy, pre-st.navigation mode). So the first visit to a
    deep link such as /loss runs `pages/loss.py`, and with no such file Streamlit said "Page not
    found". Each of those files therefore just runs the app, which draws the controls and the page
    asked for; from then on st.navigation is in charge and the files are never run again.
    """
    runpy.run_path(str(APP))


_code = {}  # page script -> its compiled code: the project's own source, read once per process
_code_lock = threading.Lock()


def _script(path):
    """Return a function that runs the page script at path (relative to the app) as Streamlit would."""
    def run():
        with _code_lock:
            if path not in _code:
                _code[path] = compile((ROOT / path).read_text(), str(ROOT / path), "exec")
        exec(_code[path], {"__name__": "__main__", "__file__": str(ROOT / path)})  # noqa: S102
    return run


def page(index):
    """Return the st.Page for PAGES[index], at the address of its file's name (/weights, /by_hand, ...).

    The page is given as a function rather than a file path: a path is resolved on the file system every
    run (for each of the seven pages and each of Overview's links), which cost a busy server about a tenth
    of its time (bench/load.py). The page scripts are the same flat scripts either way.
    """
    path, title, icon, _ = PAGES[index]
    return st.Page(_script(path), title=title, icon=icon, url_path=Path(path).stem, default=index == 0)


def index(url_path):
    """Return the index in PAGES of the page at url_path ("weights", "by_hand", ...)."""
    return [Path(path).stem for path, *_ in PAGES].index(url_path)


def title(url_path):
    """Return the title of the page at url_path."""
    return PAGES[index(url_path)][1]
