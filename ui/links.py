"""Shared links: a session's first network from the page's address, a dear link's rebuild, and the address
kept holding the run on screen (so copying it shares it)."""

import streamlit as st

from nn import Network, link, recipes
from serving import turns
from ui import session

QUICK_LINK_SECONDS = 0.5  # a shared link cheaper than this is rebuilt at once; dearer ones in ticks, in turns
MAX_LINK_SECONDS = 5.0  # a link dearer than this is not rebuilt unless the learner asks (docs/serving.md)


def from_url():
    """Build a session's first network from the page's address: (net, messages, link offer).

    A cheap link is rebuilt at once. A dearer one starts at epoch 0 and is rebuilt in ticks, in turns with
    other long jobs (serving/budget). One dearer than MAX_LINK_SECONDS is not rebuilt unless the learner asks.
    Return also the recipe to rebuild in ticks, or None.
    """
    query = st.query_params.to_dict()
    if not set(query) & link.QUERY_KEYS:
        return Network(), link.unknown_notes(query), None, None
    recipe, messages = link.from_query(query)
    seconds = recipes.rebuild_seconds(recipe)
    if seconds <= QUICK_LINK_SECONDS:
        with turns.outside(seconds):  # up to half a second in the kernel: others draw meanwhile
            net = recipes.replay(recipe)
        note = link.fingerprint_note(recipe, net)
        return net, messages + ([note] if note else []), None, None
    if seconds > MAX_LINK_SECONDS:
        return recipes.start(recipe), messages, (recipe, seconds), None
    return recipes.start(recipe), messages, None, recipe


def rebuild_anyway():
    """The learner's choice: rebuild a dear link after all, in turns with other long jobs."""
    s = session.current()
    if s.link_offer is None or s.job.long:
        return
    recipe, _ = s.link_offer
    s.link_offer = None
    s.job.stop()  # a Play under way ends where it is
    s.job.rebuild(recipe)


def rebuilt(recipe):
    """A link's rebuild has ended: say if the run differs from its sender's (its fingerprint)."""
    s = session.current()
    note = link.fingerprint_note(recipe, s.net)
    if note:
        s.url_messages = [*s.url_messages, note]


def rebuilding():
    """Return True while a shared link's run is not yet rebuilt (then the address keeps the link as it was)."""
    s = session.current()
    return s.job.recipe is not None or s.link_offer is not None


def sync_url():
    """Keep the address bar holding this run, so that copying it shares it; return what had to be left out.

    While a shared link is still being rebuilt, the address keeps the link, so a reload starts it again.
    """
    if rebuilding():
        return []
    s = session.current()
    query = link.to_query(s.net)
    if st.session_state.get("present"):  # the presenter mode toggle's own value
        query["present"] = "1"
    if s.on_tour:
        query["step"] = s.tour_step_written = str(s.tour_step)
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    return link.omitted(query)
