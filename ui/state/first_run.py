"""A session's first run: its Session, made from the address (a shared link, a teacher's old link), the
browser's id, and the widgets' first values."""

import re

import streamlit as st

from ui import links, pages, session, state
from ui.session import Session

WIDGET_DEFAULTS = {"train_amount": lambda: "5,000",  # the epochs box
                   "present": lambda: st.query_params.get("present") == "1"}  # the presenter mode toggle


BROWSER_COOKIE = "happiness_browser"  # this browser's id (ui/live.js sets it): limits count per browser


def init():
    """Make this session's Session at its first run, and give the widgets their values; later calls change nothing.

    After the session's first run only the widgets' values are checked: Streamlit drops a widget's value
    on a run that doesn't draw it.
    """
    w = st.session_state
    if session.KEY in w and "lab_rule" in w and "train_amount" in w:
        return
    if session.KEY not in w:
        net, messages, offer, rebuild = links.from_url()
        w[session.KEY] = Session(net, url_messages=messages, link_offer=offer)
        browser = _cookie(BROWSER_COOKIE)
        if browser:
            w[session.KEY].browser = browser
        if st.query_params.get("teach"):  # an older teacher's link: the secret stays in the session, not the address
            w[session.KEY].teacher_kept = str(st.query_params.get("teach"))[:100]
            w[session.KEY].teacher_opened = True
        if rebuild is not None:
            w[session.KEY].job.rebuild(rebuild)
    for key, make in WIDGET_DEFAULTS.items():
        if key not in w:
            w[key] = make()
    if "lab_rule" not in w:
        state.sync_widgets()


def _cookie(name):
    """The browser's cookie `name`, if it looks like an id of ours (32 to 64 hex digits)."""
    try:
        value = st.context.cookies.get(name)
    except Exception:  # noqa: BLE001 - an AppTest run has no cookies
        return None
    return value if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{32,64}", value) else None


def page_list():
    """Return this session's st.Page objects for st.navigation and the page links, made at its first run.

    Made once a session rather than at every run (each st.Page checks its icon and address, which cost a
    busy server about a twentieth of its time), and never shared between sessions: Streamlit marks on the
    page object which page a run may run.
    """
    s = state.current()
    if s.page_objects is None:
        s.page_objects = [pages.page(i) for i in range(len(pages.PAGES))]
    return s.page_objects


def first_run_of_session():
    """Return True in the session's first run only (things sent to the tab once)."""
    s = state.current()
    s.runs += 1
    return s.runs == 1
