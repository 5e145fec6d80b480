"""The playground's pages, listed once: app.py builds the navigation and Overview its links from this."""

import threading
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent.parent / "app.py"
ROOT = APP.parent

PAGES = [
    # (script, title, icon, one line on what it shows)
    ("app_pages/overview.py", "Overview", ":material/home:", "The story, the people and the outputs now"),
    ("app_pages/tour.py", "Tour", ":material/tour:", "A guided walk through the series, step by step"),
    ("app_pages/weights.py", "Weights", ":material/hub:", "The network drawn out, every weight and how it moved"),
    ("app_pages/outputs.py", "Outputs", ":material/bar_chart:", "Each person's guess against the truth"),
    ("app_pages/loss.py", "Loss", ":material/show_chart:", "How wrong the network is, epoch by epoch, with a replay"),
    ("app_pages/landscape.py", "Landscape", ":material/landscape:",
     "The loss over two weights, the path training took and its next step"),
    ("app_pages/learned.py", "What has it learned?", ":material/psychology:",
     "The network's score for anyone, across two scores"),
    ("app_pages/score.py", "Score a person", ":material/calculate:", "Type in four scores, get a happiness score"),
    ("app_pages/lab.py", "Lab", ":material/science:", "Go beyond the series: options, your own people, sharing"),
    ("app_pages/by_hand.py", "By hand", ":material/edit_note:", "This epoch's arithmetic, as the series wrote it"),
    ("app_pages/challenges.py", "Challenges", ":material/emoji_events:", "Goals to reach, with hints and a check"),
    ("app_pages/class.py", "Class", ":material/groups:", "Join a class and post runs, or start one and see the board"),
]


_code = {}  # page script -> its compiled code: the project's own source, read once per process
_code_lock = threading.Lock()


def _script(path):
    """Return a function that runs the page script at path (relative to the app) as Streamlit would, below
    the bar and the notes every page shows (ui/live.view)."""
    def script():
        with _code_lock:
            if path not in _code:
                _code[path] = compile((ROOT / path).read_text(), str(ROOT / path), "exec")
        exec(_code[path], {"__name__": "__main__", "__file__": str(ROOT / path)})  # noqa: S102

    def run():
        from ui import live
        live.view(Path(path).stem if path != PAGES[0][0] else "", script)
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
    """Return the index in PAGES of the page at url_path ("weights", "by_hand", ...; "" is Overview, the default)."""
    return 0 if url_path == "" else [Path(path).stem for path, *_ in PAGES].index(url_path)


def title(url_path):
    """Return the title of the page at url_path."""
    return PAGES[index(url_path)][1]
