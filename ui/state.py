"""The one module that owns st.session_state: each browser session's network and its controls.

Everything here is per session. The network is never a module global or a cache, so one
learner's presses never reach another's. Widgets change state only through the callbacks
below (they run before the page is drawn), so every page shows the new state in the same run.
"""

import secrets
import threading
import time

import streamlit as st

from nn import FEATURES, SERIES_PEOPLE, Network, People, diagnose, play, runfile
from nn.network import MAX_EPOCHS
from nn.play import DEFAULT_SPEED, SPEEDS, Play
from ui import budget, pages, text, tour, turns

MAX_KEPT_RUNS = 5
EDITOR_COLUMNS = {"Name": "name", "Truth": "truth"}  # the Lab editor's column names -> People.rows() keys

JOB_TICK_SECONDS = 1.0  # how often a long Train or a link's rebuild advances and redraws (each redraw holds the GIL)
BUDGET_SECONDS = 0.8    # work done per tick of a long Train (the kernel runs it without the GIL)
LONG_SECONDS = 0.8      # a press expected to take longer than this trains in ticks, with a progress bar
QUICK_LINK_SECONDS = 0.5  # a shared link cheaper than this is rebuilt at once; dearer ones in ticks, in turns
MAX_LINK_SECONDS = 5.0  # a link dearer than this is not rebuilt unless the learner asks (see README: Serving a class)
MAX_TRAIN = 1_000_000
TRAIN_BUTTONS = (1, 10, 100, 1000)  # the bar's train buttons: epochs a press


def init():
    """Create whatever this session's state lacks; later calls change nothing.

    After the session's first run only the widgets' values are checked (Streamlit drops a widget's value
    on a run that doesn't draw it): every other key, once made, stays for the session's life, and
    checking each of them at every call cost a busy server a few per cent of its time.
    """
    s = st.session_state
    if "ready" in s and "lab_rule" in s and "train_amount" in s:
        return
    if "lock" not in s:
        s.lock = threading.RLock()  # this session's only: one change to its network at a time
    if "net" not in s:
        s.net, s.url_messages, s.link_offer = _from_url()
    defaults = {
        "prev_loss": lambda: s.net.loss, "prev_params": lambda: s.net.params,  # before the last press
        "prev_epoch": lambda: s.net.epoch,  # the epoch the deltas count from
        "player": lambda: None,    # the Play under way (nn.play.Play), else None
        "play_serial": lambda: 0, "play_chunk": lambda: None,  # which Play, and the last chunk made for it
        "shown": lambda: None,     # the epoch the browser last said it showed during Play
        "speed": lambda: DEFAULT_SPEED, "rev": lambda: 0,
        "redraws": lambda: 0,      # presses that changed the network: the whole app is drawn again after each
        "drawn_redraws": lambda: 0,  # the count of those presses the last run of the whole app drew
        "acted": lambda: (None, 0),  # (the tab, the number) of the bar's last press the server took
        "session_token": lambda: secrets.token_hex(6),  # tells the browser's live view a new session from the old
        "train_amount": lambda: "5,000",
        "present": lambda: st.query_params.get("present") == "1",  # presenter mode: the sidebar's toggle
        "pending": lambda: 0, "pending_total": lambda: 0,
        "job_schedule": lambda: None,  # a link's schedule while its rebuild runs in ticks, else None
        "waiting": lambda: False,      # True while a long job waits for a turn (ui/budget)
        "link_offer": lambda: None,    # (recipe, seconds) of a link too dear to rebuild unasked
        "rate": lambda: 100_000.0,  # epochs per second, re-measured at every train
        "scored": list,             # people scored on the "Score a person" page: (name, scores)
        "message": lambda: None, "last_full_run": lambda: 0.0,
        "kept": list,               # up to MAX_KEPT_RUNS (label, epochs, loss) for the Loss page to overlay
        "url_messages": list,
        "people_version": lambda: 0,  # a new version gives the Lab a fresh data editor
        "people_problem": lambda: None,
    }
    for key, make in defaults.items():
        if key not in s:
            s[key] = make()
    if "lab_rule" not in s:
        _sync_widgets()
    s.ready = True


def page_list():
    """Return this session's st.Page objects for st.navigation and the page links, made at its first run.

    Made once a session rather than at every run (each st.Page checks its icon and address, which cost a
    busy server about a twentieth of its time), and never shared between sessions: Streamlit marks on the
    page object which page a run may run.
    """
    s = st.session_state
    if "page_objects" not in s:
        s.page_objects = [pages.page(i) for i in range(len(pages.PAGES))]
    return s.page_objects


def mark_tick():
    """A long job's heartbeat: the app's run it asks for next is a tick, not a click."""
    st.session_state.ticking = True


def ticking():
    """Return True if this run is a long job's tick (its heartbeat says so), and forget it."""
    return bool(st.session_state.pop("ticking", False))


def first_run_of_session():
    """Return True in the session's first run only (things sent to the tab once)."""
    s = st.session_state
    first = "runs" not in s
    s.runs = 1 if first else s.runs + 1
    return first


def net():
    """Return this session's network (creating the session's state if it is new)."""
    init()
    return st.session_state.net


def swing(net):
    """Return diagnose.loss_swinging(net), worked out once per network this session shows.

    A network, once published (_update), never changes, so the sidebar and the Loss page share one look
    ahead per epoch, and a click that doesn't train (a page switch) needs none.
    """
    s = st.session_state
    if s.get("swing_of") is not net:
        s.swing_of, s.swing = net, diagnose.loss_swinging(net)
    return s.swing


def say(text, problem=True):
    """Put a message in front of the learner (a toast in view, and the sidebar): a problem stays until dismissed."""
    s = st.session_state
    s.message, s.message_problem, s.message_serial = text, problem, s.get("message_serial", 0) + 1


def new_messages():
    """Return [(text, problem)] not yet put in view: the last message said, and any new notes about the link."""
    s = st.session_state
    out = []
    if s.message and s.get("message_toasted") != s.message_serial:
        s.message_toasted = s.message_serial
        out.append((s.message, s.get("message_problem", True)))
    toasted = s.get("url_toasted", 0)
    out += [(note, True) for note in s.url_messages[toasted:]]
    s.url_toasted = len(s.url_messages)
    return out


def _remember():
    """Keep the loss and weights before a press, for the deltas the pages show."""
    s = st.session_state
    s.prev_loss, s.prev_params, s.prev_epoch = s.net.loss, s.net.params, s.net.epoch


def _publish(net):
    """Make net this session's network, in one assignment, and say so to the live view (a new revision)."""
    s = st.session_state
    s.net = net
    s.rev = s.get("rev", 0) + 1


def presenting():
    """Return True in presenter mode (bigger text and charts for a projector, explanations folded)."""
    return bool(st.session_state.get("present"))


def revision():
    """Return a number that changes whenever the network changes other than by Play (the live view repaints)."""
    return st.session_state.rev


def _update(change):
    """Apply change(net) to a private copy of the network, then publish it in one assignment.

    A page being drawn keeps the network it started with, whole, and two overlapping runs of this
    session (a press and a long job's tick, say) never train the same network at once. Play, if it
    runs, stops first at the epoch the browser last showed: the change applies from there.
    """
    s = st.session_state
    _halt_play(s.shown)
    with s.lock:
        net = s.net.copy()
        result = change(net)
        _publish(net)
    return result


def _timed_train(n):
    """Train n epochs now (following a link's schedule while one is rebuilt) and update the measured rate."""
    s = st.session_state
    with turns.outside(n / s.rate):  # the kernel needs no GIL: others draw meanwhile, if it's worth it
        start = time.perf_counter()
        if s.job_schedule is None:
            done = _update(lambda net: net.train(n))
        else:
            done = _update(lambda net: runfile.advance(net, s.job_schedule, n))
        took = time.perf_counter() - start  # the training alone, not the wait for the turn after it
    if done >= 1000 and took > 0:
        s.rate = done / took
    return done


def press(n):
    """A train button: advance n epochs, at once when short, else in ticks with a progress bar."""
    s = st.session_state
    s.message = None
    if s.pending:
        say("A long training run is under way: wait for it to finish, or press Stop first.")
        return
    _remember()
    if n / s.rate > LONG_SECONDS:
        s.pending = s.pending_total = n
    else:
        _timed_train(n)


def train_amount():
    """The epochs box's Train button: read what was typed and press it, or say what to type and change nothing."""
    try:
        amount = text.epochs_from(st.session_state.get("train_amount", ""), MAX_TRAIN)
    except ValueError as err:
        say(str(err))
        return
    press(amount)


def reset():
    """Start again at epoch 0, with the same options and people."""
    st.session_state.message = None
    _replace(Network(st.session_state.net.people, **st.session_state.net.options))


def pause():
    """Stop Play and any long Train or link rebuild that is under way (what is done is kept)."""
    s = st.session_state
    _halt_play(s.shown)
    s.pending, s.job_schedule, s.waiting = 0, None, False


def busy():
    """Return True while Play runs or a long Train is under way."""
    return st.session_state.player is not None or st.session_state.pending > 0


# --- Play, in the browser (ui/live.py draws it; nn/play.py makes its chunks) --------------
def session_token():
    """Return this session's own random token (the browser's live view starts afresh when it changes)."""
    return st.session_state.session_token


def player():
    """Return the Play under way (nn.play.Play), or None."""
    return st.session_state.player


def play_id():
    """Return the number of the Play under way (each Play has its own, so the browser tells them apart)."""
    return st.session_state.play_serial


def last_chunk():
    """Return the last chunk of frames made for the Play under way (the live view's data keeps it)."""
    return st.session_state.play_chunk


def play_speed():
    """Return Play's speed in epochs a second: the learner's choice, or the default."""
    chosen = st.session_state.get("speed")
    return chosen if chosen in SPEEDS else DEFAULT_SPEED


def peek(net):
    """Return the network's numbers one press of each train button ahead (nn.play.peek), once per network."""
    s = st.session_state
    if s.get("peek_of") is not net:
        s.peek_of, s.peek = net, play.peek(net, TRAIN_BUTTONS)
    return s.peek


def page_behind():
    """Return True if a press of the bar changed the network since the whole app was last drawn.

    The bar paints a press at once from numbers it already holds (peek); its fragment then asks for the
    whole app, so the page, the sidebar and the address follow.
    """
    s = st.session_state
    return s.redraws != s.drawn_redraws


def page_drawn():
    """A run of the whole app begins: it draws the page for every press so far."""
    st.session_state.drawn_redraws = st.session_state.redraws


def acted():
    """Return the number of the last press of the bar the server took (the browser's own count)."""
    return st.session_state.acted[1]


def _epoch_said(value):
    """Return an epoch the browser sent, or None if it isn't one (the browser's messages are not trusted)."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_EPOCHS
    return value if ok else None


def _start_play():
    """Start Play from the network now, with its first chunk of frames."""
    s = st.session_state
    if s.player is not None or s.pending or s.net.diverged or s.net.epoch >= MAX_EPOCHS:
        return  # nothing to play: busy, or the network can train no further
    _remember()
    s.player, s.play_serial, s.shown = Play(s.net, play_speed()), s.play_serial + 1, s.net.epoch
    s.play_chunk = s.player.next_chunk(s.net.epoch)


def _halt_play(shown):
    """Stop Play with the network at `shown`, the epoch the browser showed last (else at the last one it said)."""
    s = st.session_state
    if s.player is None:
        return
    net = None
    for epoch in (shown, s.shown):
        if epoch is not None and net is None:
            try:
                net = s.player.network_at(epoch)
            except ValueError:
                pass
    s.player, s.play_chunk, s.shown = None, None, None
    if net is not None:
        with s.lock:
            _publish(net)


def act(value):
    """The live bar's presses: train, play, pause or a new speed; anything else the browser sends changes nothing.

    value is {"do": ..., "shown": the epoch on screen, "n": epochs, "speed": epochs a second}.
    """
    s = st.session_state
    if not isinstance(value, dict):
        return
    tab, k = value.get("tab"), value.get("k")
    if isinstance(tab, str) and type(k) is int:
        # Each press counts once: Streamlit may hand a run's trigger to the run that replaces it.
        if tab == s.acted[0] and k <= s.acted[1]:
            return
        s.acted = (tab, k)
    shown, was_playing = _epoch_said(value.get("shown")), s.player is not None
    do, n, speed = value.get("do"), value.get("n"), value.get("speed")
    if do == "train" and type(n) is int and n in TRAIN_BUTTONS:
        _halt_play(shown)
        press(n)
        if was_playing:
            _start_play()
        s.redraws += 1
    elif do == "play":
        _start_play()
    elif do == "pause":
        _halt_play(shown)
        s.redraws += 1
    elif do == "speed" and type(speed) is int and speed in SPEEDS:
        s.speed = speed
        if was_playing:
            _halt_play(shown)
            _start_play()


def more(value):
    """The browser's request for the next chunk of the Play under way: {"play", "after", "shown"}."""
    s = st.session_state
    if not isinstance(value, dict) or s.player is None or value.get("play") != s.play_serial:
        return
    after, shown = _epoch_said(value.get("after")), _epoch_said(value.get("shown"))
    if shown is not None:
        s.shown = shown
    if after is None:
        return
    try:
        s.play_chunk = s.player.next_chunk(after)
    except ValueError:
        return  # an epoch this Play never made: the browser asks again from what it holds


def catch_up():
    """During Play, on a run of the whole app (a page switch): show the network at the epoch last on screen."""
    s = st.session_state
    if s.player is not None and s.shown is not None and s.shown != s.net.epoch:
        try:
            net = s.player.network_at(s.shown)
        except ValueError:
            return
        with s.lock:
            _publish(net)


def tick():
    """Advance one tick's worth of a long Train or a link's rebuild: a time-boxed part of it."""
    s = st.session_state
    if s.net.diverged:
        s.pending = 0
    elif s.pending:
        s.waiting = not budget.try_take()
        if s.waiting:
            return
        try:
            n = min(s.pending, max(1000, int(s.rate * BUDGET_SECONDS)))
            done = _timed_train(n)
        finally:
            budget.give_back()
        s.pending = 0 if done < n else s.pending - n
        if not s.pending and s.job_schedule is not None:
            s.job_schedule = None
            note = runfile.fingerprint_note(s.link_recipe, s.net)
            s.url_messages = s.url_messages + ([note] if note else [])



def progress():
    """Return (done, total) of the long Train or link rebuild under way, or None."""
    s = st.session_state
    return (s.pending_total - s.pending, s.pending_total) if s.pending else None


def score(name, scores):
    """Remember a person scored in this session (the table re-scores them as training goes on)."""
    s = st.session_state
    s.scored = [row for row in s.scored if row[0] != name] + [(name, tuple(scores))]


# --- beyond the series: options, people, runs, sharing -----------------------------------
def _replace(new):
    """Make `new` this session's network (a restart, an import or a shared link)."""
    s = st.session_state
    s.player, s.play_chunk, s.shown = None, None, None
    with s.lock:
        _publish(new)
    s.pending, s.people_problem = 0, None
    s.job_schedule, s.link_offer, s.waiting = None, None, False
    s.people_version += 1
    _remember()
    _sync_widgets()


LAB_WIDGETS = {"lab_rule": "rule", "lab_lr": "learning_rate", "lab_bias": "bias", "lab_hidden": "hidden",
               "lab_activation": "activation", "lab_seed": "seed"}  # the Lab's widget keys -> the network's options


def _sync_widgets():
    """Point the Lab's widgets at the network's options (callbacks run before widgets are drawn)."""
    s, o = st.session_state, st.session_state.net.options
    for key, option in LAB_WIDGETS.items():
        s[key] = o[option]


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
    s = st.session_state
    kept = s.setdefault("choices", {})
    fresh = _entered_anew(page)
    for key, (values, default) in choices.items():
        if not fresh and key in s and s[key] in values:
            kept[key] = s[key]
        else:
            value = kept.get(key, default)
            s[key] = kept[key] = value if value in values else default


def _entered_anew(page):
    """Return True if the previous run of this session didn't draw `page` (so its widgets are new to the browser)."""
    s = st.session_state
    anew = s.get(f"{page}_drawn_at") not in (s.get("runs", 0) - 1, s.get("runs", 0))  # this run or the one before
    s[f"{page}_drawn_at"] = s.get("runs", 0)
    return anew


def set_rule():
    """The Lab's rule widget: use it from the next epoch; the history stays."""
    _update(lambda net: net.set_rule(st.session_state.lab_rule))


def set_learning_rate():
    """The Lab's learning-rate widget: use it from the next epoch; the history stays."""
    try:
        _update(lambda net: net.set_learning_rate(st.session_state.lab_lr))
    except ValueError as err:
        say(f"That learning rate can't be used: {err}.")
        _sync_widgets()


def restart_with_shape():
    """The Lab's shape form: restart at epoch 0 with its width, bias, activation and seed."""
    s = st.session_state
    options = {**s.net.options, "bias": s.lab_bias, "hidden": s.lab_hidden, "activation": s.lab_activation,
               "seed": s.lab_seed}
    try:
        _replace(Network(s.net.people, **options))
    except ValueError as err:
        say(f"That shape can't be used: {err}.")


def turn_bias_on():
    """The Outputs page's offer: the same network with a bias, from epoch 0."""
    _replace(Network(st.session_state.net.people, **{**st.session_state.net.options, "bias": True}))


def use_exact_rule():
    """The Loss page's offer: the exact derivative from the next epoch on."""
    _update(lambda net: net.set_rule("exact"))
    _sync_widgets()


def use_edited_people():
    """The Lab's people form: apply the editor's edits, then restart on them, or say what is wrong and change nothing."""
    s = st.session_state
    s.people_problem = None
    edits = s.get(f"lab_people_{s.people_version}") or {}
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
    _replace(Network(people, **s.net.options))


def restore_series_people():
    """Back to Alejandra, Bob and Alice, from epoch 0."""
    _replace(Network(SERIES_PEOPLE, **st.session_state.net.options))


def keep_run():
    """Keep this run's loss history to compare on the Loss page (the oldest goes past MAX_KEPT_RUNS)."""
    s, net = st.session_state, st.session_state.net
    o = net.options
    label = (f"{o['rule']} rule, lr {o['learning_rate']:g}, width {o['hidden']}, "
             f"{o['activation']}, {'bias' if o['bias'] else 'no bias'}, {len(net.people)} people (to {net.epoch:,})")
    s.kept = ([*s.kept, (label, net.history.epochs.copy(), net.history.loss.copy())])[-MAX_KEPT_RUNS:]


def clear_kept_runs():
    st.session_state.kept = []


def import_run():
    """The Lab's upload: restore the run in the file, or refuse it with a clear message and change nothing."""
    s = st.session_state
    upload = s.get("lab_upload")
    if upload is None:
        return
    try:
        net, note = runfile.from_json(upload.getvalue())
    except ValueError as err:
        say(f"That file was not loaded: {err}. Your run is unchanged.")
        return
    _replace(net)
    say(f"Loaded a run at epoch {net.epoch:,}." + (f" {note}" if note else ""), problem=bool(note))


def _from_url():
    """Build this session's first network from the page's address: (net, messages, link offer).

    A cheap link is rebuilt at once. A dearer one starts at epoch 0 and is rebuilt in ticks, in turns with
    other long jobs (ui/budget). One dearer than MAX_LINK_SECONDS is not rebuilt unless the learner asks.
    """
    query = st.query_params.to_dict()
    if not set(query) & runfile.QUERY_KEYS:
        return Network(), [], None
    recipe, messages = runfile.from_query(query)
    seconds = runfile.rebuild_seconds(recipe)
    if seconds <= QUICK_LINK_SECONDS:
        with turns.outside(seconds):  # up to half a second in the kernel: others draw meanwhile
            net = runfile.replay(recipe)
        note = runfile.fingerprint_note(recipe, net)
        return net, messages + ([note] if note else []), None
    if seconds > MAX_LINK_SECONDS:
        return runfile.start(recipe), messages, (recipe, seconds)
    _queue_rebuild(recipe)
    return runfile.start(recipe), messages, None


def _queue_rebuild(recipe):
    """Make the link's rebuild this session's long job, trained in ticks along the link's schedule."""
    s = st.session_state
    s.pending = s.pending_total = recipe["epoch"]
    s.job_schedule, s.link_recipe = [tuple(item) for item in recipe["schedule"]], recipe


def rebuild_anyway():
    """The learner's choice: rebuild a dear link after all, in turns with other long jobs."""
    s = st.session_state
    if s.link_offer is None or s.pending:
        return
    recipe, _ = s.link_offer
    s.link_offer = None
    _queue_rebuild(recipe)


def rebuilding():
    """Return True while a shared link's run is not yet rebuilt (then the address keeps the link as it was)."""
    s = st.session_state
    return s.job_schedule is not None or s.link_offer is not None


def sync_url():
    """Keep the address bar holding this run, so that copying it shares it; return what had to be left out.

    While a shared link is still being rebuilt, the address keeps the link, so a reload starts it again.
    """
    if rebuilding():
        return []
    query = runfile.to_query(st.session_state.net)
    if st.session_state.get("present"):
        query["present"] = "1"
    if st.session_state.get("on_tour"):
        query["step"] = st.session_state.tour_step_written = str(st.session_state.tour_step)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    return runfile.omitted(query)


# --- the guided tour (ui/tour.py holds its steps) ----------------------------------------
def enter_tour(on_tour):
    """Before the sidebar is drawn: note whether this run shows the tour, and go to the step a link asks for.

    A link's step (?step=5) puts the series' network at that step's epoch, unless the link also carries a
    run (the address of a tour page always does), which is kept: it is the network its sender was looking at.
    A step that can't be read gets a plain message and the tour's first step.
    """
    s = st.session_state
    s.on_tour = on_tour
    if not on_tour:
        return
    raw = st.query_params.get("step")
    if raw is not None and raw not in (s.get("tour_step_written"), str(s.get("tour_step"))):  # a step the address
        # asks for anew (a link, or the browser's Back), not the one sync_url wrote there
        try:
            step = int(raw)
            if not 1 <= step <= len(tour.STEPS):
                raise ValueError
        except ValueError:
            s.url_messages = [*s.url_messages, f"The link's step {raw[:20]!r} is not one of the tour's steps "
                                               f"(1 to {len(tour.STEPS)}), so the tour starts at step 1."]
            step = 1
        carries_run = bool(set(st.query_params.to_dict()) & runfile.QUERY_KEYS)
        go_to_step(step, place="tour_step" in s or not carries_run)
    elif "tour_step" not in s:  # from the menu: a run already under way is kept until Next, Back or the button
        go_to_step(1, place=s.net.epoch == 0)


def go_to_step(step, place=True):
    """Show the tour's step (1 to len(STEPS)); with place, put the series' network at that step's epoch."""
    s = st.session_state
    s.tour_step = step
    if place:
        _replace(tour.reference(tour.STEPS[step - 1].epoch).copy())
        s.message = None


def at_step():
    """Return True if the network is the series' own, at the epoch the current step puts it at."""
    s = st.session_state
    reference = tour.reference(tour.STEPS[s.tour_step - 1].epoch)
    return s.net.epoch == reference.epoch and s.net.fingerprint == reference.fingerprint
