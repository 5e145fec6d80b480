"""The training controls, written once: app.py draws them in the sidebar of every page."""

import time

import streamlit as st

from ui import budget, state, style, tables
from ui.text import plain

# Streamlit's frontend applies every query-parameter change with history.pushState, so each press
# (which moves the epoch in the address, state.sync_url) would add an entry to the browser's Back
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


PHONE_BROWSERS = ("Mobi", "Android", "iPhone", "iPad")  # words in the User-Agent of a phone's or tablet's browser
WAITING_REFRESH_SECONDS = 2.0  # how often a job waiting for a turn redraws the page anyway


def _heartbeat():
    """Rerun the whole app once per tick while Play or a long Train runs (st.fragment's timer).

    A job waiting for a turn reruns the app only once a turn is free (or every couple of seconds), so
    a queue of waiting tabs costs the server almost nothing.
    """
    since = time.monotonic() - st.session_state.last_full_run
    if st.session_state.waiting and not budget.free() and since < WAITING_REFRESH_SECONDS:
        return
    if since >= state.tick_seconds() * 0.9:
        state.mark_tick()  # the app's run is a tick: a click waiting to draw goes first
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


def _train_buttons(prefix, first, net):
    """The +1, +10, +100 and +1000 buttons, keyed `{prefix}_{n}` (the sidebar's and the phone bar's)."""
    for n in state.SPEEDS:
        _button(f"+{n}", f"{prefix}_{n}", state.press, (n,), first, disabled=net.diverged,
                help=f"Train {n:,} more epoch{'s' if n > 1 else ''}")


def sidebar(page=""):
    """Advance any work under way, then draw the train buttons, Play, Reset and the metrics.

    page is the url path of the page this run shows ("tour" moves the tour to the step its link asks for).
    """
    state.init()
    s = st.session_state
    first = state.first_run_of_session()
    state.enter_tour(page == "tour")
    if state.busy():
        state.tick()
    s.last_full_run = time.monotonic()
    net = state.net()
    with st.sidebar:
        st.subheader("Train the network")
        st.metric("Epoch", f"{net.epoch:,}", help="How many times the network has gone forward and back.")
        change = net.loss - s.prev_loss
        since = f" since epoch {s.prev_epoch:,}"
        st.metric("Loss", f"{net.loss:.6f}", delta=tables.change_text(change) + since if change else None,
                  delta_color="inverse", help="The sum over people of (truth - output)², now. The change is since "
                  "the epoch before your last press (or Play's last tick); down is better.")
        # A long job's progress and Stop sit right under the metrics, in view without scrolling the sidebar.
        progress = state.progress()
        if progress:
            done, total = progress
            what = "Rebuilding the shared run" if s.job_schedule is not None else "Training"
            st.progress(done / total, text=f"{what}: {done:,} of {total:,} epochs")
            if s.waiting:
                st.caption(f"Waiting for a turn: the server trains {budget.TURNS} long "
                           f"job{'s' if budget.TURNS > 1 else ''} at a time, and others are ahead. It goes on by itself.")
            st.button("Stop", key="stop", on_click=state.pause, width="stretch",
                      help="Stop here; the epochs already trained are kept.")
        swing = state.swing(net)
        if swing:
            st.caption(f"The loss swings every epoch, between {swing[0]:.6f} and {swing[1]:.6f}: "
                       "the Loss page shows why.")
        st.caption("One epoch: every person goes forward through the network, then backprop nudges every weight.")
        with st.container(horizontal=True, gap="small"):
            _train_buttons("train", first, net)
        st.text_input("Epochs to train", key="train_amount", max_chars=12,
                      help=f"Any whole number from 1 to {state.MAX_TRAIN:,}, then press Train.")
        _button("Train", "train_go", state.train_amount, (), first, disabled=net.diverged, width="stretch")
        if s.playing:
            _button("❚❚ Pause", "pause", state.pause, (), first, width="stretch")
        else:
            _button("▶ Play", "play", state.play, (), first, disabled=net.diverged or s.pending > 0,
                    width="stretch", help="Keep training on its own until you press Pause.")
        st.segmented_control("Play speed (epochs per tick)", options=state.SPEEDS, default=state.DEFAULT_SPEED,
                             key="speed", required=True)
        _button("↺ Reset to epoch 0", "reset", state.reset, (), first, width="stretch")
        if s.link_offer is not None:
            recipe, seconds = s.link_offer
            st.warning(f"This link's run ({recipe['epoch']:,} epochs) would take about {seconds:.0f} s of the "
                       f"server's time to rebuild, more than the {state.MAX_LINK_SECONDS:.0f} s a link may take "
                       "on its own. You can rebuild it anyway (it runs in turns with other long jobs), or load "
                       "its run file in the Lab, which is instant.")
            st.button("Rebuild it anyway", key="rebuild_anyway", on_click=state.rebuild_anyway, width="stretch")
        if s.message:
            st.warning(plain(s.message))
        for note in s.url_messages:
            st.warning(plain(note))
        if net.diverged:
            st.error(f"The network diverged at epoch {net.diverged_at:,}: a number grew too big to hold, so "
                     "training stopped at the last good epoch. Press Reset to start again.")
        left_out = state.sync_url()
        if left_out:
            st.info(f"This run has too many {' and '.join(LEFT_OUT[k] for k in left_out)} to share by link, so the "
                    "address keeps only the options and the epoch. To share all of it, download the run file "
                    "in the Lab; whoever loads it gets this very run.")
        if first:  # the patch stays on window.history after the element goes
            st.html(_ONE_HISTORY_ENTRY_A_PAGE, unsafe_allow_javascript=True)
    if state.busy():
        st.fragment(run_every=state.tick_seconds())(_heartbeat)()


def phone_bar():
    """The train buttons and Play again, compact, above the page: shown on a phone only (ui/style.PHONE).

    On a phone the sidebar is a drawer that covers the page while it is open, so the learner trains from
    here and watches the page at the same time. Reset, the epochs box and the speed stay in the drawer.
    It is sent only to a phone's or tablet's browser (by its User-Agent, as Streamlit itself decides when to
    fold the sidebar away), and shown only while the screen is narrow (ui/style.PHONE).
    """
    s, net = st.session_state, state.net()
    if "on_a_phone" not in s:
        agent = st.context.headers.get("User-Agent", "") if st.context.headers else ""
        s.on_a_phone = any(word in agent for word in PHONE_BROWSERS)
    if not s.on_a_phone:  # a desktop browser never shows the bar, so it isn't sent: each click stays cheaper
        return
    first = s.runs == 1
    style.apply(style.PHONE)
    with st.container(key="phone_bar", gap="small"):
        st.markdown(f"**Epoch {net.epoch:,}** · loss {net.loss:.6f}")
        row = st.container(horizontal=True, gap="small")
    with row:
        _train_buttons("bar_train", first, net)
        if s.playing or s.pending:
            _button("❚❚", "bar_pause", state.pause, (), first, help="Pause (or stop a long Train)")
        else:
            _button("▶", "bar_play", state.play, (), first, disabled=net.diverged,
                    help="Play: keep training on its own until you press Pause.")
