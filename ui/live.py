"""The live view: one component (ui/live.js with ui/kernel.js, ui/live.css) that draws the training bar and the live charts.

The server computes, the browser draws. The bar (train buttons, Play, the speed, the live epoch and
loss) sits at the top of every page. Play runs in the browser: the server trains ahead a chunk at a
time (nn/play), and the browser shows each chunk's frames at the screen's rate, asking for the next
chunk a second before it runs out. A live chart (`figure`) is the same component fed a figure of
ui/figures; the browser moves it frame by frame with the numbers of each frame.

The bar is a fragment: Play's requests for frames rerun it alone. A press paints its new epoch in the
browser at once, trained by the browser's own kernel (ui/kernel.js, the same bits); the server trains in the
bar's run, and then runs the app.
"""

from pathlib import Path

import plotly
import streamlit as st
import streamlit.components.v1 as components_v1
from streamlit.runtime.scriptrunner import get_script_run_ctx

from nn import FEATURES, kept, runfile
from nn.play import SPEEDS
from serving import turns
from ui import controls, figures, state
from ui.session import Doing
from ui.state import classroom, first_run, keeping, training

HERE = Path(__file__).resolve().parent
# Plotly's own file, served by this server (classrooms may have no internet): a v1 component with a path
# is Streamlit's documented way to serve a folder of files, here plotly's package_data.
_PLOTLY_FILES = components_v1.declare_component("plotly_files", path=str(Path(plotly.__file__).parent / "package_data"))
PLOTLY_URL = f"component/{_PLOTLY_FILES.name}/plotly.min.js"

LIVE = st.components.v2.component(
    "happiness_live", html="<div class='hl-root'></div>", css=(HERE / "live.css").read_text(),
    js=(HERE / "kernel.js").read_text() + "\n" + (HERE / "live.js").read_text(), isolate_styles=False)


def _mount(key, data, **options):
    """Mount the live component with `data` sent as a list of one: Streamlit looks for no dataframes in a list,
    which it otherwise does for every value of a dict, at a cost of its own each run (ui/live.js takes it out)."""
    return LIVE(key=key, data=[data], **options)


def _numbers(net):
    """The network's numbers the live view paints: epoch, loss, each person's output and every weight."""
    return {"epoch": net.epoch, "loss": net.loss, "outputs": net.output[:, 0].tolist(), "params": net.params.tolist()}


@st.fragment(key="view")
def view(page, draw):
    """The main area: the bar, the notes and the page. A widget of the page reruns this alone, not the sidebar,
    the navigation and the browser's store; if what those show has changed with it (a long job began, the
    network diverged, a class was joined, a challenge solved), the whole app runs. A press reruns only the bar
    and the part of the page that follows it (`follows`), or this whole, on a page that has no such part."""
    if training.outside_behind():  # a widget's callback changed them: the whole app runs, and this draws nothing
        st.rerun(scope="app")
    with turns.turn(turns.CLICK):
        training.page_drawn()
        state.message_on(page)
        state.current().follows = None  # until the page draws a part that follows a press (`follows`)
        bar(page)
        draw()
    if training.outside_behind():  # (only in a run of this fragment alone: a run of the whole app draws them after)
        st.rerun(scope="app")


def follows(draw):
    """Draw draw() now, as the part of the page that shows the network: a press of the bar then reruns the bar
    and this part alone, not the page's title, words and widgets. So draw() holds no widget whose callback
    changes the network: the bar it leaves would be behind (such a run asks for the whole app, which is slow,
    but right). One such part a page."""
    state.current().follows = (_page_now(), True)
    _follows(draw)
    return draw


def nothing_follows():
    """Say that this page shows nothing a press changes (the Lab's settings, the class): a press of the bar
    then reruns the bar alone."""
    state.current().follows = (_page_now(), False)


@st.fragment(key="follows")
def _follows(draw):
    alone = _fragment_alone()
    with turns.turn(turns.CLICK):
        if alone and state.current().rev != state.current().bar_rev:  # a widget in it changed the network: the
            st.rerun(scope="app")                                     # bar is behind
        draw()
    if alone and training.outside_behind():  # a press changed what the sidebar shows (such as a diverged network)
        st.rerun(scope="app")


def _page_now():
    """The page this run draws, as Streamlit names it (its script hash)."""
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else None


@st.fragment(key="bar")
def bar(page):
    """Draw the bar on the page at url path `page`, and the notes under it. Play's requests for frames rerun
    only it; a press that changes the network reruns it and the page's part that follows the press, or the
    main area (the bar has painted the press already). The bar knows its page: after a page link, it sends
    nothing until it is drawn for the new page (ui/live.js)."""
    if training.page_behind():
        st.rerun(scope="app")
    if keeping.check_challenges():  # once per network: a challenge just solved is said under the bar, at once
        classroom.record_solved()
        if training.outside_behind():  # the browser keeps it: the whole app runs
            st.rerun(scope="app")
    net = state.net()
    s = state.current()
    job = s.job
    s.bar_rev = s.rev
    data = {"mode": "bar", "rev": s.rev, "now": _numbers(net), "speeds": list(SPEEDS),
            "speed": training.play_speed(), "diverged": net.diverged, "busy": job.long,
            "session": s.token, "acted": s.acted[1], "page": page,
            "kernel": None if job.doing is not Doing.IDLE else training.kernel_data(net),
            "play": {"id": job.plays, "chunk": job.chunk} if job.doing is Doing.PLAYING else None}
    with st.container(key="live_bar"):
        result = _mount("live", data, on_act_change=_act, on_more_change=_more, height="content")
        controls.said(None)  # what a press, or a challenge it solved, said: under the bar, which stays in view
    if result.act is not None:  # a press that reached a new session (a tab reconnecting after a server
        training.act(result.act)   # restart) found no callback yet; one its callback took counts once (training.act)
        if training.page_behind():
            st.rerun(scope="app")
    controls.notes()  # what is true of the network now, and the link's notes; the address follows it


def _sent(event, key="live"):
    """The value the browser sent for `event` to the drawing keyed `key` (the bar's by default) in this run, or
    None (a run that didn't draw it has none)."""
    return getattr(st.session_state.get(key), event, None)


def _act():
    if training.act(_sent("act")) and _fragment_alone():  # the network changed: the page follows, in this run
        s = state.current()                             # (the bar's) or in the run that replaces it
        if s.follows is not None and s.follows[0] == _page_now():
            training.page_drawn()  # the run that draws the bar draws the page's part that shows the network too
            if s.follows[1]:
                st.rerun(["bar", "follows"])  # (`follows` checks the sidebar after drawing)
            if training.outside_behind():  # the press changed what the sidebar shows: a diverged network, say
                st.rerun(scope="app")
            return  # this run, the bar's own, is all the press needs: asking for it again would run it twice
        st.rerun("view")


def _fragment_alone():
    """Return True if this run is of fragments alone (a press as the browser sends it), not the whole app (a
    press that reached a new session, or an AppTest's), which draws the page anyway."""
    ctx = get_script_run_ctx()
    return ctx is not None and bool(ctx.fragment_ids_this_run)


def _more():
    training.more(_sent("more"))


def browser_store(with_kept):
    """Keep what the learner's browser remembers between visits (its local storage): kept runs, solved
    challenges, and the class joined or started (ui/state/classroom). Once a session it hands back what it kept
    before, and a teacher link just opened (its #teach=..., which no request carries). It also keeps this
    browser's id in a cookie, which the server reads at a session's start (ui/state/first_run.init).

    Drawn once a run, at the foot of every page; it shows nothing itself. The kept runs (the largest
    part) travel only on the pages that show them (with_kept: the Lab and the Loss page).
    """
    s = state.current()
    items = {"solved": s.solved, **classroom.stored()}
    if with_kept:
        items["kept"] = kept.to_stored(s.kept)
    # the items go even before the browser's own came back: a browser that kept nothing writes them at once,
    # and one that kept something writes nothing until the server has taken it (ui/live.js, mountStore)
    data = {"mode": "store", "session": s.token, "restored": s.browser_restored, "rev": s.browser_rev,
            "items": items, "browser": {"name": first_run.BROWSER_COOKIE, "value": s.browser}}
    with st.container(key="browser_store_box"):  # hidden (live.css): it takes no room on the page
        _mount("browser_store", data, on_restore_change=_restore, height="content")


def _restore():
    value = _sent("restore", "browser_store")
    if state.current().browser_restored:  # taken once a session (a hand-back sent again changes nothing)
        return
    keeping.restore_browser(value)
    classroom.take_back(value)


def file_guard(uploader, where):
    """Refuse in the browser a file over a run file's limit, picked or dropped on the uploader keyed `uploader`,
    before it is sent (ui/live.js, mountGuard): the refusal is said in words at `where`, as the server says any
    other. Without it, a file over the server's upload limit would get only Streamlit's red chip."""
    with st.container(key="file_guard_box"):  # hidden (live.css): it takes no room on the page
        _mount("file_guard", {"mode": "guard", "uploader": uploader, "limit": runfile.MAX_FILE_BYTES},
               on_refused_change=lambda: _refused(where), height="content")


def _refused(where):
    sent = _sent("refused", "file_guard")
    size = sent.get("size") if isinstance(sent, dict) else None
    if isinstance(size, int) and not isinstance(size, bool) and size > runfile.MAX_FILE_BYTES:
        state.say(f"That file was not loaded: {runfile.too_big(size)}. Your run is unchanged.", where=where)


def secret(link, label, key):
    """Show a secret link masked, with Show and Copy (ui/live.js): the secret is shown only in this browser,
    only when asked."""
    _mount(key, {"mode": "secret", "link": link, "label": label}, height="content")


def people_table(net, key):
    """The people's table (the data: each person's four scores and truth), with each output at the epoch on
    screen: it moves with Play, as the charts do, and says which epoch it shows. The browser writes every
    cell as text (ui/live.js, mountPeople), so a name shows as typed."""
    people = net.people
    rows = [[name, *map(float, x), float(t)] for name, x, t in zip(people.names, people.X, people.y[:, 0], strict=True)]
    _mount(key, {"mode": "people", "epoch": net.epoch, "outputs": net.output[:, 0].tolist(), "rows": rows,
                 "headings": ["Person", *FEATURES, "Truth", "Output now"]}, height="content")


def figure(kind, fig, key):
    """Draw a plotly figure that moves with Play: kind "loss" (grows), "outputs" or "diagram" (follow each frame).

    In presenter mode its text is larger, and it fits the screen below the bar.
    """
    net = state.net()
    if state.presenting():
        fig = figures.presented(fig)
    _mount(key, {"mode": "figure", "kind": kind, "epoch": net.epoch, "present": state.presenting(),
                        "plotly": PLOTLY_URL, "spec": fig.to_json(), "hidden": net.layout.hidden,
                        "bias": net.layout.bias}, height="content")
