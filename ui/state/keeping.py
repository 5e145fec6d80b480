"""What a session keeps beyond its run: kept runs (to compare on the Loss page), challenges solved and their
hints, and what the browser remembers of both between visits (ui/live.browser_store)."""

import streamlit as st

from nn import challenges, kept, link, recipes
from ui import classes, state
from ui.session import Doing


def keep_run():
    """Keep this run to compare on the Loss page, named "Run N" (the learner can rename it; no N is given
    twice). The same run is kept once; past kept.MAX_KEPT the oldest goes, and the learner is told which."""
    s = state.current()
    name = kept.next_name(s.kept, s.kept_numbered)
    runs, same, dropped = kept.add(s.kept, kept.of(s.net, name))
    if same is not None:
        state.say(f"This run is kept already, as “{same}”.", problem=False, where="lab_keep")
        return
    s.kept, s.browser_rev, s.kept_numbered = runs, s.browser_rev + 1, kept.number(name)
    _kept_names_follow(s)
    gone = (f" “{dropped.name}”, the oldest, was let go: at most {kept.MAX_KEPT} runs are kept."
            if dropped is not None else "")
    state.say(f"Kept as “{name}”: the Loss page draws it beside this run. Rename it below.{gone}", problem=False,
        where="lab_keep")


def rename_kept(index):
    """The name typed for the kept run at index: used if it can be, else refused with the old name back."""
    s, key = state.current(), f"kept_name_{index}"
    typed = st.session_state.get(key, "")
    try:
        s.kept = kept.renamed(s.kept, index, typed)
    except ValueError as err:
        state.say(f"That name was not used: {err}.", where="kept_names")
        if 0 <= index < len(s.kept):
            st.session_state[key] = s.kept[index].name
        return
    s.browser_rev += 1
    st.session_state[key] = s.kept[index].name
    state.unsay("kept_names")


def forget_kept(index):
    """Forget the kept run at index."""
    s = state.current()
    if 0 <= index < len(s.kept):
        s.kept = [r for i, r in enumerate(s.kept) if i != index]
        s.browser_rev += 1
        _kept_names_follow(s)


def clear_kept_runs():
    s = state.current()
    s.kept, s.browser_rev = [], s.browser_rev + 1


def restore_browser(value):
    """What this browser kept before (its local storage, sent once a session), each part checked: the kept
    runs go first, then this visit's; solved challenges join this visit's. (A class it kept is
    ui/state/classroom's to take back.)"""
    s = state.current()
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
        state.say(f"What this browser kept could not all be read, so some was left out: {'; '.join(problems)}.")


def kept_runs():
    """Return the kept runs, oldest first, each with its name box (widget key kept_name_i) ready."""
    s = state.current()
    for i, run in enumerate(s.kept):
        st.session_state.setdefault(f"kept_name_{i}", run.name)
    return s.kept


def _kept_names_follow(s):
    """The name boxes show the names of the runs now at their places."""
    for i, run in enumerate(s.kept):
        st.session_state[f"kept_name_{i}"] = run.name


# --- challenges (nn/challenges; the Challenges page) ------------------------------------------------------
def check_challenges():
    """Check the challenges on the network now, once per network: a newly solved one is kept, with the link
    that replays its run up to the epoch it was solved, and said at once. Return True if one was."""
    s = state.current()
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
    state.say(f"Challenge solved: {titles}! The Challenges page has a link that replays it.", problem=False)
    return True


def show_hint(key):
    """Reveal the next hint of a challenge."""
    s = state.current()
    if key in challenges.BY_KEY:
        s.hints[key] = min(s.hints.get(key, 0) + 1, len(challenges.BY_KEY[key].hints))
