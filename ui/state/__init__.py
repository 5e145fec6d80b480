"""What changes a session (ui/session): its network, what is said to the learner, and a run replaced.

Everything here is per session. The network is never a module global or a cache, so one learner's
presses never reach another's. Widgets change the session only through callbacks (they run before the
page is drawn), so every page shows the new state in the same run. This module holds what every part
shares; each part of the session has a module of its own here:

- `first_run`: a session's first run (its Session, from the address; the widgets' first values);
- `training`: training, Reset, Play and long jobs, and what a press redraws;
- `lab`: the Lab's options, people and run files (and the people scored);
- `keeping`: kept runs, challenges, and what the browser remembers;
- `classroom`: the class (joining, posting, the teacher's controls, an outage).

ui/links (shared links) and ui/touring (the tour) change the parts of the session that are theirs.
"""

import streamlit as st

from nn import SERIES_PEOPLE, diagnose
from ui import session
from ui.session import Doing


def current():
    """Return this session's Session (made if new). Pages read it; only ui/state's modules (and ui/links and
    ui/touring) change it.

    app.py calls first_run.init() at the start of every run; here the Session is only looked up (a run reads
    it often).
    """
    try:
        return session.current()
    except KeyError:
        from ui.state import first_run  # (it imports this module)

        first_run.init()
        return session.current()


def net():
    """Return this session's network (creating the session's state if it is new)."""
    return current().net


def presenting():
    """Return True in presenter mode (bigger text and charts for a projector, explanations folded)."""
    return bool(st.session_state.get("present"))  # the toggle's own value


def swing(net):
    """Return diagnose.loss_swinging(net), worked out once per network this session shows.

    A network, once published (update), never changes, so the sidebar and the Loss page share one look
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


def publish(net):
    """Make net this session's network, in one assignment, and say so to the live view (a new revision)."""
    s = current()
    s.net = net
    s.rev += 1


def update(change):
    """Apply change(net) to a private copy of the network, then publish it in one assignment.

    A page being drawn keeps the network it started with, whole, and two overlapping runs of this
    session (a press and a long job's tick, say) never train the same network at once. Play, if it
    runs, stops first at the epoch the browser last showed: the change applies from there.
    """
    s = current()
    halt_play(s.job.shown)
    with s.lock:
        net = s.net.copy()
        result = change(net)
        publish(net)
    return result


def halt_play(shown):
    """Stop Play with the network at `shown`, the epoch the browser showed last (else at the last one it said)."""
    s = current()
    net = s.job.halt(shown)
    if net is not None:
        with s.lock:
            publish(net)


def replace(new):
    """Make `new` this session's network (a restart, an import, a tour step): any job under way ends, and
    what was said (about the old network), or asked before throwing it away, goes."""
    s = current()
    s.job.stop()
    s.message, s.replacing = None, None
    with s.lock:
        publish(new)
    s.people_problem, s.link_offer = None, None
    s.people_version += 1
    s.remember()
    sync_widgets()


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


LAB_WIDGETS = {"lab_rule": "rule", "lab_lr": "learning_rate", "lab_bias": "bias", "lab_hidden": "hidden",
               "lab_activation": "activation", "lab_seed": "seed"}  # the Lab's widget keys -> the network's options


def sync_widgets():
    """Point the Lab's widgets at the network's options (callbacks run before widgets are drawn)."""
    w, o = st.session_state, session.current().net.options
    for key, option in LAB_WIDGETS.items():
        w[key] = o[option]


def remember(page, choices):
    """Before a page draws its widgets: keep the learner's choices across trips to other pages.

    choices maps a widget's key to (its valid values, its default). Streamlit forgets a widget's value
    when a run draws a page without it, so on a page's first run after another page each widget is set
    from code to the choice kept here (as the Lab's are, see lab_widgets); on later runs the choice kept
    is the widget's own. A choice no longer valid (a weight of a narrower network, say) goes back to
    its default. The widgets are then drawn without a default of their own.
    """
    w, kept = st.session_state, current().choices
    fresh = entered_anew(page)
    for key, (values, default) in choices.items():
        if not fresh and key in w and w[key] in values:
            kept[key] = w[key]
        else:
            value = kept.get(key, default)
            w[key] = kept[key] = value if value in values else default


def entered_anew(page):
    """Return True if the previous run of this session didn't draw `page` (so its widgets are new to the browser)."""
    s = current()
    anew = s.drawn_at.get(page) not in (s.runs - 1, s.runs)  # this run or the one before
    s.drawn_at[page] = s.runs
    return anew
