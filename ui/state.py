"""The one module that changes a session (ui/session): its network, its job, its messages, its widgets.

Everything here is per session. The network is never a module global or a cache, so one learner's
presses never reach another's. Widgets change the session only through the callbacks below (they run
before the page is drawn), so every page shows the new state in the same run. ui/links (shared links)
and ui/touring (the tour) change the parts of the session that are theirs.
"""

import re
import time

import streamlit as st

from nn import FEATURES, SERIES_PEOPLE, Network, People, challenges, diagnose, kept, link, play, recipes, runfile
from nn.network import MAX_EPOCHS
from nn.play import DEFAULT_SPEED, SPEEDS
from ui import budget, classes, links, pages, session, text, turns
from ui.session import Doing, Session

EDITOR_COLUMNS = {"Name": "name", "Truth": "truth"}  # the Lab editor's column names -> People.rows() keys

JOB_TICK_SECONDS = 1.0  # how often a long Train or a link's rebuild advances and redraws (each redraw holds the GIL)
BUDGET_SECONDS = 0.8    # work done per tick of a long Train (the kernel runs it without the GIL)
LONG_SECONDS = 0.8      # a press expected to take longer than this trains in ticks, with a progress bar
MAX_TRAIN = 1_000_000
TRAIN_BUTTONS = (1, 10, 100, 1000)  # the bar's train buttons: epochs a press


WIDGET_DEFAULTS = {"train_amount": lambda: "5,000",  # the epochs box
                   "present": lambda: st.query_params.get("present") == "1"}  # the presenter mode toggle


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
        _sync_widgets()


BROWSER_COOKIE = "happiness_browser"  # this browser's id (ui/live.js sets it): limits count per browser


def _cookie(name):
    """The browser's cookie `name`, if it looks like an id of ours (32 to 64 hex digits)."""
    try:
        value = st.context.cookies.get(name)
    except Exception:  # noqa: BLE001 - an AppTest run has no cookies
        return None
    return value if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{32,64}", value) else None


def current():
    """Return this session's Session (made if new). Pages read it; only this module and its two helpers change it.

    app.py calls init() at the start of every run; here the Session is only looked up (a run reads it often).
    """
    try:
        return session.current()
    except KeyError:
        init()
        return session.current()


def page_list():
    """Return this session's st.Page objects for st.navigation and the page links, made at its first run.

    Made once a session rather than at every run (each st.Page checks its icon and address, which cost a
    busy server about a twentieth of its time), and never shared between sessions: Streamlit marks on the
    page object which page a run may run.
    """
    s = current()
    if s.page_objects is None:
        s.page_objects = [pages.page(i) for i in range(len(pages.PAGES))]
    return s.page_objects


def mark_tick():
    """A long job's heartbeat: the app's run it asks for next is a tick, not a click."""
    current().ticking = True


def ticking():
    """Return True if this run is a long job's tick (its heartbeat says so), and forget it."""
    s = current()
    ticking, s.ticking = s.ticking, False
    return ticking


def first_run_of_session():
    """Return True in the session's first run only (things sent to the tab once)."""
    s = current()
    s.runs += 1
    return s.runs == 1


def net():
    """Return this session's network (creating the session's state if it is new)."""
    return current().net


def swing(net):
    """Return diagnose.loss_swinging(net), worked out once per network this session shows.

    A network, once published (_update), never changes, so the sidebar and the Loss page share one look
    ahead per epoch, and a click that doesn't train (a page switch) needs none.
    """
    s = current()
    if s.swing_of is not net:
        s.swing_of, s.swing = net, diagnose.loss_swinging(net)
    return s.swing


def say(text, problem=True, where=None):
    """Put a message in front of the learner, once, next to what caused it: `where` is the place of the control
    it is about (ui/controls.said draws it there), or None for the bar's (a press, a challenge solved), under
    the bar, which is in view at any scroll. It stays until something else is said, the control takes a good
    value (unsay), the network is trained again, or another page is opened."""
    s = current()
    s.message, s.message_problem, s.message_where, s.message_page = text, problem, where, None
    s.message_seen = False


def unsay(where):
    """The control at `where` took a good value: what was said about it goes."""
    s = current()
    if s.message_where == where:
        s.message = None


def message_on(page):
    """This run shows `page` (a url path). Opening another page ends a message, and a control's question:
    each was about a control of the page it was said on (or a press made there)."""
    s = current()
    if s.message_page is None:
        s.message_page = page  # said in a callback, before this run knew its page
    elif s.message_page != page:
        s.message = None
    r = s.replacing
    if r is not None and r.where != "reset":  # (Reset's question is in the sidebar, on every page)
        if r.page is None:
            r.page = page
        elif r.page != page:
            s.replacing = None


def _publish(net):
    """Make net this session's network, in one assignment, and say so to the live view (a new revision)."""
    s = current()
    s.net = net
    s.rev += 1


def presenting():
    """Return True in presenter mode (bigger text and charts for a projector, explanations folded)."""
    return bool(st.session_state.get("present"))  # the toggle's own value


def _update(change):
    """Apply change(net) to a private copy of the network, then publish it in one assignment.

    A page being drawn keeps the network it started with, whole, and two overlapping runs of this
    session (a press and a long job's tick, say) never train the same network at once. Play, if it
    runs, stops first at the epoch the browser last showed: the change applies from there.
    """
    s = current()
    _halt_play(s.job.shown)
    with s.lock:
        net = s.net.copy()
        result = change(net)
        _publish(net)
    return result


def _timed_train(n):
    """Train n epochs now (following a link's schedule while one is rebuilt) and update the measured rate."""
    s = current()
    schedule = s.job.schedule
    with turns.outside(n / s.rate):  # the kernel needs no GIL: others draw meanwhile, if it's worth it
        start = time.perf_counter()
        if schedule is None:
            done = _update(lambda net: net.train(n))
        else:
            done = _update(lambda net: recipes.advance(net, schedule, n))
        took = time.perf_counter() - start  # the training alone, not the wait for the turn after it
    if done >= 1000 and took > 0:
        s.rate = done / took
    return done


def press(n, where=None):
    """A train button (or the epochs box, where="train_amount"): advance n epochs, at once when short, else in
    ticks with a progress bar."""
    s = current()
    s.message = None
    if s.job.long:
        say("A long training run is under way: wait for it to finish, or press Stop first.", where=where)
        return
    _halt_play(s.job.shown)
    s.remember()
    if n / s.rate > LONG_SECONDS:
        s.job.train(n)
    else:
        _timed_train(n)


def train_amount():
    """The epochs box's Train button: read what was typed and press it, or say what to type and change nothing."""
    try:
        amount = text.epochs_from(st.session_state.get("train_amount", ""), MAX_TRAIN)
    except ValueError as err:
        say(str(err), where="train_amount")
        return
    press(amount, where="train_amount")


def ask_reset():
    """Reset to epoch 0 (Reset, in the sidebar): at once when there is nothing to lose, else ask first."""
    net = current().net
    _, rule, learning_rate = net.changes[0]  # the run's own start (a run that changed them replays the same way)
    replace_or_ask("reset", "Reset", "Yes, reset",
                   Network(net.people, **{**net.options, "rule": rule, "learning_rate": learning_rate}))


def replace_or_ask(where, what, yes, new, said=None, step=None):
    """Put the network `new` in place of the run (a control at `where`, doing `what`), or, when that throws
    away something (epochs trained, a job under way, people of the learner's own), ask first: the question
    shows under the control (ui/controls.asked), with `yes` on its button. `said` is (text, problem), said
    once it is done; `step` is the tour's step shown with it (ui/touring.move).

    Play and any long job go on while it asks: the question stops nothing, and "Keep this run" loses nothing.
    """
    s = current()
    if losing(new) is None:
        _put(new, said, where, step)
    else:
        s.replacing = session.Replacing(where, what, yes, new, said, step=step)


def losing(new):
    """What putting `new` in place of the run throws away, in words ("the 1,900 epochs trained so far (loss
    0.015102)"), or None for nothing."""
    s = current()
    net, lost = s.net, []
    if s.job.doing is not Doing.IDLE:
        lost.append("every epoch trained so far")
    elif net.epoch > 0:
        lost.append(f"the {net.epoch:,} epoch{'' if net.epoch == 1 else 's'} trained so far (loss {net.loss:.6f})")
    if new.people != net.people and net.people != SERIES_PEOPLE:
        lost.append(f"your own {len(net.people)} {'person' if len(net.people) == 1 else 'people'}")
    return " and ".join(lost) or None


def asking(where):
    """Return the control at `where`'s question waiting for Yes, or None."""
    r = current().replacing
    return r if r is not None and r.where == where else None


def confirm_replace():
    """Yes: the control's network goes in place of the run."""
    s = current()
    r, s.replacing = s.replacing, None
    if r is not None:
        _put(r.net, r.said, r.where, r.step)


def cancel_replace():
    """Keep this run: the control changes nothing."""
    current().replacing = None


def _put(new, said, where, step=None):
    replace(new)  # (it ends what was said before)
    if step is not None:
        current().tour_step = step
    if said is not None:
        say(*said, where=where)


def pause():
    """Stop Play and any long Train or link rebuild that is under way (what is done is kept)."""
    s = current()
    _halt_play(s.job.shown)
    s.job.stop()


# --- Play, in the browser (ui/live.py draws it; nn/play.py makes its chunks) --------------
def play_speed():
    """Return Play's speed in epochs a second: the learner's choice, or the default."""
    chosen = current().speed
    return chosen if chosen in SPEEDS else DEFAULT_SPEED


def kernel_data(net):
    """Return what the browser's kernel needs to train the network on (nn.play.kernel_of), once per network."""
    s = current()
    if s.kernel_of is not net:
        s.kernel_of, s.kernel_data = net, play.kernel_of(net)
    return s.kernel_data


def page_behind():
    """Return True if a press of the bar changed the network since the main area was last drawn.

    The bar paints a press at once from its own kernel (ui/kernel.js); the press's callback then asks for
    the main area (ui/live.view), so the page and the address follow. A run of the bar alone that finds the
    page behind (a press its callback didn't see) asks for the whole app.
    """
    s = current()
    return s.presses != s.drawn_presses


def outside_shows():
    """What the parts a run of the main area alone leaves as they were show, and such a run can change: in the
    sidebar a long job (its progress and heartbeat), a diverged network (Train is off), Reset's question (with
    the epoch), the class and a link's offer; at the page's foot what the browser keeps (ui/live.browser_store)."""
    s = current()
    net = s.net
    return (s.job.long, net.diverged, (net.epoch, net.loss) if asking("reset") else None,
            s.member is not None, s.member_kept is not None, s.teacher is not None, s.teacher_kept is not None,
            s.link_offer is not None, s.browser_rev, s.browser_restored)


def whole_run():
    """A run of the whole app begins: the parts outside the main area are drawn in it (outside_drawn, at its end)."""
    current().outside_drawn = None


def outside_drawn():
    """The whole app has been drawn in this run: remember what the parts outside the main area showed."""
    current().outside_drawn = outside_shows()


def outside_behind():
    """Return True, in a run of the main area alone, if something the parts outside it show has changed since
    they were drawn (a run of the whole app draws them after the main area, so it never is)."""
    drawn = current().outside_drawn
    return drawn is not None and drawn != outside_shows()


def page_drawn():
    """A run of the main area begins (ui/live.view): it draws the page for every press so far."""
    s = current()
    s.drawn_presses = s.presses


def _epoch_said(value):
    """Return an epoch the browser sent, or None if it isn't one (the browser's messages are not trusted)."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_EPOCHS
    return value if ok else None


def _start_play():
    """Start Play from the network now, with its first chunk of frames."""
    s = current()
    if s.job.doing is not Doing.IDLE or s.net.diverged or s.net.epoch >= MAX_EPOCHS:
        return  # nothing to play: busy, or the network can train no further
    s.remember()
    s.job.play(s.net, play_speed())


def _halt_play(shown):
    """Stop Play with the network at `shown`, the epoch the browser showed last (else at the last one it said)."""
    s = current()
    net = s.job.halt(shown)
    if net is not None:
        with s.lock:
            _publish(net)


def act(value):
    """The live bar's presses: train, play, pause or a new speed; anything else the browser sends changes nothing.

    value is {"do": ..., "shown": the epoch on screen, "n": epochs, "speed": epochs a second}. Return True if
    the press changed the network the page shows (a train or a Pause), so the page must follow.
    """
    s = current()
    presses = s.presses
    _act(s, value)
    return s.presses != presses


def _act(s, value):
    if not isinstance(value, dict):
        return
    tab, k = value.get("tab"), value.get("k")
    if isinstance(tab, str) and type(k) is int:
        # Each press counts once: Streamlit may hand a run's trigger to the run that replaces it.
        if tab == s.acted[0] and k <= s.acted[1]:
            return
        s.acted = (tab, k)
    shown, was_playing = _epoch_said(value.get("shown")), s.job.doing is Doing.PLAYING
    do, n, speed = value.get("do"), value.get("n"), value.get("speed")
    if do == "train" and type(n) is int and n in TRAIN_BUTTONS:
        _halt_play(shown)
        press(n)
        if was_playing:
            _start_play()
        s.presses += 1
    elif do == "play":
        _start_play()
    elif do == "pause":
        _halt_play(shown)
        s.presses += 1
    elif do == "speed" and type(speed) is int and speed in SPEEDS:
        s.speed = speed
        if was_playing:
            _halt_play(shown)
            _start_play()


def more(value):
    """The browser's request for the next chunk of the Play under way: {"play", "after", "shown"}."""
    job = current().job
    if not isinstance(value, dict) or job.doing is not Doing.PLAYING or value.get("play") != job.plays:
        return
    after, shown = _epoch_said(value.get("after")), _epoch_said(value.get("shown"))
    if shown is not None:
        job.shown = shown
    if after is None:
        return
    try:
        job.chunk = job.player.next_chunk(after)
    except ValueError:
        return  # an epoch this Play never made: the browser asks again from what it holds


def catch_up():
    """During Play, on a run of the whole app (a page switch): show the network at the epoch last on screen."""
    s = current()
    job = s.job
    if job.doing is Doing.PLAYING and job.shown is not None and job.shown != s.net.epoch:
        try:
            net = job.player.network_at(job.shown)
        except ValueError:
            return
        with s.lock:
            _publish(net)


def tick():
    """Advance one tick's worth of a long Train or a link's rebuild: a time-boxed part of it."""
    s = current()
    job = s.job
    if not job.long:
        return
    if s.net.diverged:
        job.stop()
        return
    job.wait(not budget.try_take())
    if job.waiting:
        return
    try:
        n = min(job.left, max(1000, int(s.rate * BUDGET_SECONDS)))
        done = _timed_train(n)
    finally:
        budget.give_back()
    recipe = job.trained(done, n)
    if recipe is not None:
        links.rebuilt(recipe)


def progress():
    """Return (done, total) of the long Train or link rebuild under way, or None."""
    job = current().job
    return (job.total - job.left, job.total) if job.long else None


def score(name, scores):
    """Remember a person scored in this session (the table re-scores them as training goes on)."""
    s = current()
    s.scored = [row for row in s.scored if row[0] != name] + [(name, tuple(scores))]


# --- beyond the series: options, people, runs, sharing -----------------------------------
def replace(new):
    """Make `new` this session's network (a restart, an import, a tour step): any job under way ends, and
    what was said (about the old network), or asked before throwing it away, goes."""
    s = current()
    s.job.stop()
    s.message, s.replacing = None, None
    with s.lock:
        _publish(new)
    s.people_problem, s.link_offer = None, None
    s.people_version += 1
    s.remember()
    _sync_widgets()


LAB_WIDGETS = {"lab_rule": "rule", "lab_lr": "learning_rate", "lab_bias": "bias", "lab_hidden": "hidden",
               "lab_activation": "activation", "lab_seed": "seed"}  # the Lab's widget keys -> the network's options


def _sync_widgets():
    """Point the Lab's widgets at the network's options (callbacks run before widgets are drawn)."""
    w, o = st.session_state, session.current().net.options
    for key, option in LAB_WIDGETS.items():
        w[key] = o[option]


def lab_widgets():
    """Before the Lab draws its widgets: show the network's options whenever the Lab is entered anew.

    When the learner comes back to the Lab from another page, Streamlit re-creates its widgets. The
    server still holds their last values, but as values the widgets set themselves, so it doesn't send
    them, and the browser showed each widget's default (learning rate 0.001, width 1, seed 0) while the
    network kept its own. Setting them from code, on the Lab's first run after another page, makes the
    browser show them. (Not on every run: the shape form's unsaved edits would be lost at each Play tick.)
    """
    if _entered_anew("lab"):
        _sync_widgets()


def remember(page, choices):
    """Before a page draws its widgets: keep the learner's choices across trips to other pages.

    choices maps a widget's key to (its valid values, its default). Streamlit forgets a widget's value
    when a run draws a page without it, so on a page's first run after another page each widget is set
    from code to the choice kept here (as the Lab's are, see lab_widgets); on later runs the choice kept
    is the widget's own. A choice no longer valid (a weight of a narrower network, say) goes back to
    its default. The widgets are then drawn without a default of their own.
    """
    w, kept = st.session_state, current().choices
    fresh = _entered_anew(page)
    for key, (values, default) in choices.items():
        if not fresh and key in w and w[key] in values:
            kept[key] = w[key]
        else:
            value = kept.get(key, default)
            w[key] = kept[key] = value if value in values else default


def _entered_anew(page):
    """Return True if the previous run of this session didn't draw `page` (so its widgets are new to the browser)."""
    s = current()
    anew = s.drawn_at.get(page) not in (s.runs - 1, s.runs)  # this run or the one before
    s.drawn_at[page] = s.runs
    return anew


def set_rule():
    """The Lab's rule widget: use it from the next epoch; the history stays."""
    _update(lambda net: net.set_rule(st.session_state.lab_rule))  # the widget's value


def set_learning_rate():
    """The Lab's learning-rate widget: use it from the next epoch; the history stays."""
    try:
        _update(lambda net: net.set_learning_rate(st.session_state.lab_lr))
    except ValueError as err:
        say(f"That learning rate can't be used: {err}. It stays {current().net.learning_rate:g}.", where="lab_lr")
        _sync_widgets()
        return
    say(f"Learning rate {current().net.learning_rate:g} from epoch {current().net.epoch:,} on.", problem=False,
        where="lab_lr")


def restart_with_shape():
    """The Lab's shape form: restart at epoch 0 with its width, bias, activation and seed."""
    w, net = st.session_state, current().net  # the form's widgets, and the network
    options = {**net.options, "bias": w.lab_bias, "hidden": w.lab_hidden, "activation": w.lab_activation,
               "seed": w.lab_seed}
    try:
        new = Network(net.people, **options)
    except ValueError as err:
        say(f"That shape can't be used: {err}.", where="lab_shape")
        return
    unsay("lab_shape")
    replace_or_ask("lab_shape", "Restarting with this shape", "Yes, restart", new)


def turn_bias_on():
    """The Outputs page's offer: the same network with a bias, from epoch 0."""
    net = current().net
    replace_or_ask("outputs_bias", "Turning the bias on", "Yes, turn it on",
                   Network(net.people, **{**net.options, "bias": True}))


def use_exact_rule():
    """The Loss page's offer: the exact derivative from the next epoch on."""
    _update(lambda net: net.set_rule("exact"))
    _sync_widgets()


def use_edited_people():
    """The Lab's people form: apply the editor's edits, then restart on them, or say what is wrong and change nothing."""
    s = current()
    s.people_problem = None
    edits = st.session_state.get(f"lab_people_{s.people_version}") or {}  # the editor's own value
    rows = [dict(r) for r in s.net.people.rows()]
    for index, change in (edits.get("edited_rows") or {}).items():
        rows[int(index)].update({EDITOR_COLUMNS.get(k, k): v for k, v in change.items()})
    gone = {int(i) for i in edits.get("deleted_rows") or []}
    rows = [r for i, r in enumerate(rows) if i not in gone]
    for added in edits.get("added_rows") or []:
        rows.append({key: None for key in ("name", *FEATURES, "truth")} | {EDITOR_COLUMNS.get(k, k): v
                                                                            for k, v in added.items()})
    try:
        people = People.from_rows(rows)
    except ValueError as err:
        s.people_problem = str(err)
        return
    replace_or_ask("lab_people", "Using these people", "Yes, use them", Network(people, **s.net.options))


def restore_series_people():
    """Back to Alejandra, Bob and Alice, from epoch 0 (the Lab's button is off while they are the people)."""
    if current().net.people == SERIES_PEOPLE:
        return
    replace_or_ask("lab_people", "Restoring the series' people", "Yes, restore them",
                   Network(SERIES_PEOPLE, **current().net.options))


def keep_run():
    """Keep this run to compare on the Loss page, named "Run N" (the learner can rename it; no N is given
    twice). The same run is kept once; past kept.MAX_KEPT the oldest goes, and the learner is told which."""
    s = current()
    name = kept.next_name(s.kept, s.kept_numbered)
    runs, same, dropped = kept.add(s.kept, kept.of(s.net, name))
    if same is not None:
        say(f"This run is kept already, as “{same}”.", problem=False, where="lab_keep")
        return
    s.kept, s.browser_rev, s.kept_numbered = runs, s.browser_rev + 1, kept.number(name)
    _kept_names_follow(s)
    gone = (f" “{dropped.name}”, the oldest, was let go: at most {kept.MAX_KEPT} runs are kept."
            if dropped is not None else "")
    say(f"Kept as “{name}”: the Loss page draws it beside this run. Rename it below.{gone}", problem=False,
        where="lab_keep")


def rename_kept(index):
    """The name typed for the kept run at index: used if it can be, else refused with the old name back."""
    s, key = current(), f"kept_name_{index}"
    typed = st.session_state.get(key, "")
    try:
        s.kept = kept.renamed(s.kept, index, typed)
    except ValueError as err:
        say(f"That name was not used: {err}.", where="kept_names")
        if 0 <= index < len(s.kept):
            st.session_state[key] = s.kept[index].name
        return
    s.browser_rev += 1
    st.session_state[key] = s.kept[index].name
    unsay("kept_names")


def forget_kept(index):
    """Forget the kept run at index."""
    s = current()
    if 0 <= index < len(s.kept):
        s.kept = [r for i, r in enumerate(s.kept) if i != index]
        s.browser_rev += 1
        _kept_names_follow(s)


def clear_kept_runs():
    s = current()
    s.kept, s.browser_rev = [], s.browser_rev + 1


def restore_browser(value):
    """What this browser kept before (its local storage, sent once a session), each part checked: the kept
    runs go first, then this visit's; solved challenges join this visit's. (A class it kept is
    ui/class_session's to take back.)"""
    s = current()
    if s.browser_restored or not isinstance(value, dict):
        return
    s.browser_restored = True
    problems = []
    try:
        stored = kept.from_stored(value.get("kept"))
    except ValueError as err:
        problems.append(f"the kept runs ({err})")
        stored = []
    runs = stored
    for run in s.kept:
        runs, _, _ = kept.add(runs, run)
    s.kept = runs
    _kept_names_follow(s)
    s.solved = {**challenges.solved_from(value.get("solved")), **s.solved}
    s.browser_rev += 1
    if problems:
        say(f"What this browser kept could not all be read, so some was left out: {'; '.join(problems)}.")


def kept_runs():
    """Return the kept runs, oldest first, each with its name box (widget key kept_name_i) ready."""
    s = current()
    for i, run in enumerate(s.kept):
        st.session_state.setdefault(f"kept_name_{i}", run.name)
    return s.kept


def _kept_names_follow(s):
    """The name boxes show the names of the runs now at their places."""
    for i, run in enumerate(s.kept):
        st.session_state[f"kept_name_{i}"] = run.name


def upload_key():
    """The Lab's uploader's key (a new one after each file, so it shows none)."""
    return f"lab_upload_{current().upload_version}"


def import_run():
    """The Lab's upload: restore the run in the file, or refuse it with a clear message and change nothing."""
    s = current()
    upload = st.session_state.get(upload_key())  # the uploader's own value
    if upload is None:
        return
    s.upload_version += 1  # a fresh, empty uploader: the file is loaded, asked about or refused in words, not
    # left behind as a chip (refused ones would pile up)
    try:
        net, note = runfile.from_json(upload.getvalue())
    except ValueError as err:
        say(f"That file was not loaded: {err}. Your run is unchanged.", where="lab_upload")
        return
    replace_or_ask("lab_upload", "Loading this file", "Yes, load it", net,
                   said=(f"Loaded a run at epoch {net.epoch:,}." + (f" {note}" if note else ""), bool(note)))


# --- challenges (nn/challenges; the Challenges page) ------------------------------------------------------
def check_challenges():
    """Check the challenges on the network now, once per network: a newly solved one is kept, with the link
    that replays its run up to the epoch it was solved, and said at once. Return True if one was."""
    s = current()
    net = s.net
    if s.checked_of is net or s.job.doing is not Doing.IDLE:
        return False
    s.checked_of = net
    new = {key: epoch for key, epoch in challenges.check_all(net).items() if key not in s.solved}
    if not new:
        return False
    recipe = recipes.recipe(net)
    for key, epoch in new.items():
        at = recipes.recipe_at(recipe, epoch)
        s.solved[key] = {"epoch": epoch, "link": classes.link_of(link.query_of(at))}
    s.browser_rev += 1
    titles = " and ".join(f"\u201c{challenges.BY_KEY[k].title}\u201d (at epoch {e:,})" for k, e in new.items())
    say(f"Challenge solved: {titles}! The Challenges page has a link that replays it.", problem=False)
    return True


def show_hint(key):
    """Reveal the next hint of a challenge."""
    s = current()
    if key in challenges.BY_KEY:
        s.hints[key] = min(s.hints.get(key, 0) + 1, len(challenges.BY_KEY[key].hints))
