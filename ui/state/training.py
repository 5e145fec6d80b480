"""Training a session's network: the bar's presses, the epochs box, Reset, Play in the browser, Pause, and
long jobs in ticks; and which parts of the page a press redraws."""

import time

import streamlit as st

from nn import Network, play, recipes
from nn.network import MAX_EPOCHS
from nn.play import DEFAULT_SPEED, SPEEDS
from serving import budget, turns
from ui import links, state, text
from ui.session import Doing

JOB_TICK_SECONDS = 1.0  # how often a long Train or a link's rebuild advances and redraws (each redraw holds the GIL)
BUDGET_SECONDS = 0.8    # work done per tick of a long Train (the kernel runs it without the GIL)
LONG_SECONDS = 0.8      # a press expected to take longer than this trains in ticks, with a progress bar
MAX_TRAIN = 1_000_000
TRAIN_BUTTONS = (1, 10, 100, 1000)  # the bar's train buttons: epochs a press


def mark_tick():
    """A long job's heartbeat: the app's run it asks for next is a tick, not a click."""
    state.current().ticking = True


def ticking():
    """Return True if this run is a long job's tick (its heartbeat says so), and forget it."""
    s = state.current()
    ticking, s.ticking = s.ticking, False
    return ticking


def _timed_train(n):
    """Train n epochs now (following a link's schedule while one is rebuilt) and update the measured rate."""
    s = state.current()
    schedule = s.job.schedule
    with turns.outside(n / s.rate):  # the kernel needs no GIL: others draw meanwhile, if it's worth it
        start = time.perf_counter()
        if schedule is None:
            done = state.update(lambda net: net.train(n))
        else:
            done = state.update(lambda net: recipes.advance(net, schedule, n))
        took = time.perf_counter() - start  # the training alone, not the wait for the turn after it
    if done >= 1000 and took > 0:
        s.rate = done / took
    return done


def press(n, where=None):
    """A train button (or the epochs box, where="train_amount"): advance n epochs, at once when short, else in
    ticks with a progress bar."""
    s = state.current()
    s.message = None
    if s.job.long:
        state.say("A long training run is under way: wait for it to finish, or press Stop first.", where=where)
        return
    state.halt_play(s.job.shown)
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
        state.say(str(err), where="train_amount")
        return
    press(amount, where="train_amount")


def ask_reset():
    """Reset to epoch 0 (Reset, in the sidebar): at once when there is nothing to lose, else ask first."""
    net = state.current().net
    _, rule, learning_rate = net.changes[0]  # the run's own start (a run that changed them replays the same way)
    state.replace_or_ask("reset", "Reset", "Yes, reset",
                   Network(net.people, **{**net.options, "rule": rule, "learning_rate": learning_rate}))


def pause():
    """Stop Play and any long Train or link rebuild that is under way (what is done is kept)."""
    s = state.current()
    state.halt_play(s.job.shown)
    s.job.stop()


# --- Play, in the browser (ui/live.py draws it; nn/play.py makes its chunks) --------------
def play_speed():
    """Return Play's speed in epochs a second: the learner's choice, or the default."""
    chosen = state.current().speed
    return chosen if chosen in SPEEDS else DEFAULT_SPEED


def kernel_data(net):
    """Return what the browser's kernel needs to train the network on (nn.play.kernel_of), once per network."""
    s = state.current()
    if s.kernel_of is not net:
        s.kernel_of, s.kernel_data = net, play.kernel_of(net)
    return s.kernel_data


def _epoch_said(value):
    """Return an epoch the browser sent, or None if it isn't one (the browser's messages are not trusted)."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_EPOCHS
    return value if ok else None


def _start_play():
    """Start Play from the network now, with its first chunk of frames."""
    s = state.current()
    if s.job.doing is not Doing.IDLE or s.net.diverged or s.net.epoch >= MAX_EPOCHS:
        return  # nothing to play: busy, or the network can train no further
    s.remember()
    s.job.play(s.net, play_speed())


def act(value):
    """The live bar's presses: train, play, pause or a new speed; anything else the browser sends changes nothing.

    value is {"do": ..., "shown": the epoch on screen, "n": epochs, "speed": epochs a second}. Return True if
    the press changed the network the page shows (a train or a Pause), so the page must follow.
    """
    s = state.current()
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
        state.halt_play(shown)
        press(n)
        if was_playing:
            _start_play()
        s.presses += 1
    elif do == "play":
        _start_play()
    elif do == "pause":
        state.halt_play(shown)
        s.presses += 1
    elif do == "speed" and type(speed) is int and speed in SPEEDS:
        s.speed = speed
        if was_playing:
            state.halt_play(shown)
            _start_play()


def more(value):
    """The browser's request for the next chunk of the Play under way: {"play", "after", "shown"}."""
    job = state.current().job
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
    s = state.current()
    job = s.job
    if job.doing is Doing.PLAYING and job.shown is not None and job.shown != s.net.epoch:
        try:
            net = job.player.network_at(job.shown)
        except ValueError:
            return
        with s.lock:
            state.publish(net)


def tick():
    """Advance one tick's worth of a long Train or a link's rebuild: a time-boxed part of it."""
    s = state.current()
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
    job = state.current().job
    return (job.total - job.left, job.total) if job.long else None


def page_behind():
    """Return True if a press of the bar changed the network since the main area was last drawn.

    The bar paints a press at once from its own kernel (ui/kernel.js); the press's callback then asks for
    the main area (ui/live.view), so the page and the address follow. A run of the bar alone that finds the
    page behind (a press its callback didn't see) asks for the whole app.
    """
    s = state.current()
    return s.presses != s.drawn_presses


def outside_shows():
    """What the parts a run of the main area alone leaves as they were show, and such a run can change: in the
    sidebar a long job (its progress and heartbeat), a diverged network (Train is off), Reset's question (with
    the epoch), the class and a link's offer; at the page's foot what the browser keeps (ui/live.browser_store)."""
    s = state.current()
    net = s.net
    return (s.job.long, net.diverged, (net.epoch, net.loss) if state.asking("reset") else None,
            s.member is not None, s.member_kept is not None, s.teacher is not None, s.teacher_kept is not None,
            s.link_offer is not None, s.browser_rev, s.browser_restored)


def whole_run():
    """A run of the whole app begins: the parts outside the main area are drawn in it (outside_drawn, at its end)."""
    state.current().outside_drawn = None


def outside_drawn():
    """The whole app has been drawn in this run: remember what the parts outside the main area showed."""
    state.current().outside_drawn = outside_shows()


def outside_behind():
    """Return True, in a run of the main area alone, if something the parts outside it show has changed since
    they were drawn (a run of the whole app draws them after the main area, so it never is)."""
    drawn = state.current().outside_drawn
    return drawn is not None and drawn != outside_shows()


def page_drawn():
    """A run of the main area begins (ui/live.view): it draws the page for every press so far."""
    s = state.current()
    s.drawn_presses = s.presses
