"""The sidebar, written once: the epochs box, Reset, presenter mode, a long job's progress, and every message."""

import time

import streamlit as st

from serving import budget
from ui import links, state, style, touring
from ui.session import Doing
from ui.state import classroom, first_run, training
from ui.text import plain

# Streamlit's frontend applies every query-parameter change with history.pushState, so each press
# (which moves the epoch in the address, links.sync_url) would add an entry to the browser's Back
# history, and Back would seem dead. This keeps one entry a page: a change of the query alone
# replaces the entry. Sent once a session (it patches the tab's window.history, which outlives the
# element), so later runs don't pay for it; a constant, with nothing a user typed in it.
_ONE_HISTORY_ENTRY_A_PAGE = """<script>
(() => {
  const h = window.history;
  if (h.__queryChangesReplace) return;
  h.__queryChangesReplace = true;
  const push = h.pushState.bind(h);
  h.pushState = (state, title, url) => {
    const same = url != null && new URL(url, location.href).pathname === location.pathname;
    return same ? h.replaceState(state, title, url) : push(state, title, url);
  };
})();
</script>"""


LEFT_OUT = {"people": "people", "schedule": "changes of rule and learning rate"}


WAITING_REFRESH_SECONDS = 2.0  # how often a job waiting for a turn redraws the page anyway


def _heartbeat():
    """Rerun the whole app once per tick while a long Train or a link's rebuild runs (st.fragment's timer).

    A job waiting for a turn reruns the app only once a turn is free (or every couple of seconds), so
    a queue of waiting tabs costs the server almost nothing. (Play needs no heartbeat: it runs in the
    browser, ui/live.py.)
    """
    s = state.current()
    since = time.monotonic() - s.last_full_run
    if s.job.waiting and not budget.free() and since < WAITING_REFRESH_SECONDS:
        return
    if since >= training.JOB_TICK_SECONDS * 0.9:
        training.mark_tick()  # the app's run is a tick: a click waiting to draw goes first
        st.rerun(scope="app")


def _button(label, key, action, args=(), first=False, **options):
    """A button whose press runs action(*args) in its on_click callback, before the page is drawn.

    A press can reach a session new to this server: after a server restart the open tab reconnects and
    sends the press it was making, but the new session has no callbacks yet. Then the button still reads
    as pressed in the session's first run, so the action runs here and the app runs again to show it.
    """
    if st.button(label, key=key, on_click=action, args=args, **options) and first:
        action(*args)
        st.rerun()


def sidebar(page=""):
    """Advance a long job under way, then draw the sidebar: the epochs box, Reset, presenter mode, messages.

    page is the url path of the page this run shows ("tour" moves the tour to the step its link asks for).
    """
    s, first = state.current(), first_run.first_run_of_session()
    _before_drawing(s, page)
    net = state.net()
    with st.sidebar:
        # first, under the pages: with its larger text on, presenter mode's own switch stays in view
        st.toggle("Presenter mode", key="present", help="For a projector: bigger text and charts, the "
                  "explanations folded away. A link with ?present=1 opens in it.")
        if state.presenting():
            style.apply(style.PRESENT)
        st.subheader("Train the network")
        _long_job(s)  # its progress and Stop sit at the top, in view without scrolling the sidebar
        st.caption("The bar at the top of every page trains and plays. One epoch: every person goes forward "
                   "through the network, then backprop nudges every weight.")
        with st.form("train_form", border=False, enter_to_submit=True):
            # no max_chars: the browser would drop a longer paste unseen, and Enter would train the old value
            st.text_input("Epochs to train", key="train_amount",
                          help=f"Any whole number from 1 to {training.MAX_TRAIN:,}, then press Enter or Train.")
            st.form_submit_button("Train", key="train_go", on_click=training.train_amount, disabled=net.diverged,
                                  width="stretch")
        said("train_amount")
        _button("↺ Reset to epoch 0", "reset", training.ask_reset, (), first, width="stretch")
        asked("reset", first)
        _your_class(s)
        if s.link_offer is not None:
            _link_offer(*s.link_offer)
        if first:  # the patch stays on window.history after the element goes
            st.html(_ONE_HISTORY_ENTRY_A_PAGE, unsafe_allow_javascript=True)
        if s.job.long:  # last in the sidebar: what the main area draws keeps its place (a live bar drawn at a
            # new place while the old one stayed made two bars)
            st.fragment(run_every=training.JOB_TICK_SECONDS)(_heartbeat)()


def _before_drawing(s, page):
    """What a run of the whole app does before it draws: the page's messages, a class waiting for the store, the
    tour's step, a long job's tick, and Play's network at the epoch on screen."""
    state.message_on(page)
    classroom.retry()  # a class the browser kept, or a teacher link, waiting for the store: asked first
    touring.enter(page == "tour")
    if s.job.long:
        training.tick()
    training.catch_up()
    s.last_full_run = time.monotonic()


def _long_job(s):
    """A long Train's or a link rebuild's progress, whether it waits for a turn, and Stop (nothing if none runs)."""
    progress = training.progress()
    if not progress:
        return
    done, total = progress
    what = "Rebuilding the shared run" if s.job.doing is Doing.REBUILDING else "Training"
    st.progress(done / total, text=f"{what}: {done:,} of {total:,} epochs")
    if s.job.waiting:
        st.caption(f"Waiting for a turn: the server trains {budget.TURNS} long "
                   f"job{'s' if budget.TURNS > 1 else ''} at a time, and others are ahead. It goes on by itself.")
    st.button("Stop", key="stop", on_click=training.pause, width="stretch",
              help="Stop here; the epochs already trained are kept.")


def _your_class(s):
    """The class this learner joined: its name, and a post to its board (off while the store can't be reached)."""
    if s.member is not None or s.member_kept is not None:
        member = s.member or s.member_kept
        st.subheader("Your class")
        st.caption(plain(f"{member['title']}, as {member['name']}"))
        with st.form("post_form", border=False, enter_to_submit=True):
            st.text_input("A note for the board (optional)", key="post_note", max_chars=200,
                          placeholder="what you tried")
            st.form_submit_button("Post this run to the class", key="post_go", on_click=classroom.post_run,
                                  width="stretch", disabled=s.member is None)
        said("post")
    if classroom.kept():  # asked again every few seconds, on any page, until the store answers
        st.fragment(run_every=classroom.RETRY_SECONDS)(_class_comes_back)()


def _link_offer(recipe, seconds):
    """A shared link too dear to rebuild unasked: why, and Rebuild it anyway."""
    st.warning(f"This link's run ({recipe['epoch']:,} epochs) would take about {seconds:.0f} s of the "
               f"server's time to rebuild, more than the {links.MAX_LINK_SECONDS:.0f} s a link may take "
               "on its own. You can rebuild it anyway (it runs in turns with other long jobs), or load "
               "its run file in the Lab, which is instant.")
    st.button("Rebuild it anyway", key="rebuild_anyway", on_click=links.rebuild_anyway, width="stretch")


def _class_comes_back():
    """While the class board can't be reached: say so, ask again, and draw the whole app once it answers."""
    if classroom.retry():
        st.rerun(scope="app")
    if state.current().class_down:
        st.warning(plain(state.current().class_down))


def said(where):
    """Draw here what was said about the control at place `where` (ui/state.say), if anything: a problem as a
    warning, anything else as a success. Each message shows once, at its place; the bar's (where=None) under
    the bar."""
    s = state.current()
    if not (s.message and s.message_where == where and s.message_page is not None):
        return
    with st.container(key=f"said_{where or 'bar'}"):
        if s.message_problem:
            st.warning(plain(s.message), icon=":material/error:")
        else:
            st.success(plain(s.message), icon=":material/check_circle:")
        if where is not None and not s.message_seen:  # once: the page scrolls just enough to show it
            s.message_seen = True
            st.html(_SHOW_MESSAGE.replace("PLACE", f"said_{where}"), unsafe_allow_javascript=True)


def asked(where, first=False):
    """Draw here the question of the control at place `where`, if it is asking before it throws the run away
    (ui/state.replace_or_ask): what would be lost, Yes and "Keep this run"."""
    r = state.asking(where)
    if r is None:
        return
    with st.container(key=f"asked_{where}"):
        st.warning(f"{r.what} throws away {state.losing(r.net) or 'this run'}. To keep this run, copy its link, "
                   "or download its run file in the Lab, first.", icon=":material/help:")
        yes, no = st.columns(2)
        with yes:
            _button(r.yes, f"{where}_confirm", state.confirm_replace, (), first, type="primary", width="stretch")
        with no:
            _button("Keep this run", f"{where}_cancel", state.cancel_replace, (), first, width="stretch")
        if not r.seen:  # once: the page scrolls just enough to show it
            r.seen = True
            st.html(_SHOW_MESSAGE.replace("PLACE", f"asked_{where}"), unsafe_allow_javascript=True)


# Scrolls a message just drawn into view (block "nearest": not at all if it is in view already), so that a
# message under a box at the foot of the screen is read. A constant: the place is one of the code's own keys.
_SHOW_MESSAGE = """<script>
requestAnimationFrame(() => requestAnimationFrame(() => {
  const box = document.querySelector(".st-key-PLACE");
  if (box) box.scrollIntoView({block: "nearest"});
}));
</script>"""


def notes():
    """Above the page, redrawn with it after every press: what is true of the network now, and the link's notes.

    The address follows the network here too, so a link copied at any moment holds the run on screen.
    """
    s, net = state.current(), state.net()
    for note in s.url_messages:
        st.warning(plain(note))
    if net.diverged:
        st.error(f"The network diverged at epoch {net.diverged_at:,}: a number grew too big to hold, so "
                 "training stopped at the last good epoch. Press Reset to start again.")
    swing = state.swing(net)
    if swing:
        st.caption(f"The loss swings every epoch, between {swing[0]:.6f} and {swing[1]:.6f}: "
                   "the Loss page shows why.")
    left_out = links.sync_url()
    if left_out:
        st.info(f"This run has too many {' and '.join(LEFT_OUT[k] for k in left_out)} to share by link, so the "
                "address keeps only the options and the epoch. To share all of it, download the run file "
                "in the Lab; whoever loads it gets this very run.")
