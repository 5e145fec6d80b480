"""The session's way through the guided tour (ui/tour holds its steps): the step on screen, a link's step."""

import streamlit as st

from nn import link
from ui import session, state, tour


def enter(on_tour):
    """Before the sidebar is drawn: note whether this run shows the tour, and go to the step a link asks for.

    A link's step (?step=5) puts the series' network at that step's epoch, unless the link also carries a
    run (the address of a tour page always does), which is kept: it is the network its sender was looking at.
    A step that can't be read gets a plain message and the tour's first step.
    """
    s = session.current()
    s.on_tour = on_tour
    if not on_tour:
        return
    raw = st.query_params.get("step")
    if raw is not None and raw not in (s.tour_step_written, str(s.tour_step)):  # a step the address asks
        # for anew (a link, or the browser's Back), not the one links.sync_url wrote there
        try:
            step = int(raw)
            if not 1 <= step <= len(tour.STEPS):
                raise ValueError
        except ValueError:
            s.url_messages = [*s.url_messages, f"The link's step {raw[:20]!r} is not one of the tour's steps "
                                               f"(1 to {len(tour.STEPS)}), so the tour starts at step 1."]
            step = 1
        carries_run = bool(set(st.query_params.to_dict()) & link.QUERY_KEYS)
        go_to_step(step, place=s.tour_step is not None or not carries_run)
    elif s.tour_step is None:  # from the menu: a run already under way is kept until Next, Back or the button
        go_to_step(1, place=s.net.epoch == 0)


def go_to_step(step, place=True):
    """Show the tour's step (1 to len(STEPS)); with place, put the series' network at that step's epoch."""
    s = session.current()
    s.tour_step = step
    if place:
        state.replace(tour.reference(tour.STEPS[step - 1].epoch))  # a copy of its own (what was said goes)


def move(step, where):
    """Next, Back or "Put the series' network at epoch N" (the control at `where`): show the tour's step, with
    the series' network at its epoch. A run of the learner's own is not thrown away without asking: a run a
    step put there (the series' network at a step's epoch) goes at once, as Back would bring it again."""
    new = tour.reference(tour.STEPS[step - 1].epoch)
    if tours_own():
        state.replace(new)
        session.current().tour_step = step
    else:
        state.replace_or_ask(where, f"Going to step {step}" if step != session.current().tour_step
                             else f"Putting the series' network at epoch {new.epoch:,}",
                             f"Yes, put the series' network at epoch {new.epoch:,}", new, step=step)


def tours_own():
    """Return True if the run is one a tour step puts there: the series' network at a step's epoch."""
    net = session.current().net
    if net.epoch not in {step.epoch for step in tour.STEPS}:
        return False
    reference = tour.reference(net.epoch)
    return session.current().job.doing is session.Doing.IDLE and net.fingerprint == reference.fingerprint


def step():
    """Return the number of the tour's step on screen (1 to len(STEPS))."""
    return session.current().tour_step


def at_step():
    """Return True if the network is the series' own, at the epoch the current step puts it at."""
    s = session.current()
    reference = tour.reference(tour.STEPS[s.tour_step - 1].epoch)
    return s.net.epoch == reference.epoch and s.net.fingerprint == reference.fingerprint
