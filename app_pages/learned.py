import streamlit as st

from nn import FEATURES, JAMES
from nn import landscape as scapes
from ui import charts, figures, guide, live, state, tables
from ui.text import plain

st.title("What has it learned?")
st.write("The network's happiness score for anyone, across two scores you pick, with the other two held at "
         "one person's scores.")
guide.what("learned")


@live.follows  # a press redraws this part alone
def now():
    net = state.net()
    holders = [JAMES, *zip(net.people.names, net.people.X, strict=True), *state.current().scored]
    state.remember("learned", {"learned_across": (range(4), 0), "learned_up": (range(4), 1),
                               "learned_held": (range(len(holders)), 0)})
    left, middle, right = st.columns(3)
    across = left.selectbox("Across", range(4), format_func=FEATURES.__getitem__, key="learned_across")
    up = middle.selectbox("Up", range(4), format_func=FEATURES.__getitem__, key="learned_up")
    held = right.selectbox("Hold the other two at", range(len(holders)), key="learned_held",
                           format_func=lambda i: f"{holders[i][0]}'s" + (" (new)" if i == 0 else ""))
    if across == up:
        st.info("Pick two different scores: the map needs one across and one up.")
    else:
        scored = state.current().scored
        others = scored + ([JAMES] if held == 0 and JAMES[0] not in [name for name, _ in scored] else [])
        view = scapes.learned(net, across, up, holders[held], others)
        kept = [f for k, f in enumerate(FEATURES) if k not in (across, up)]
        values = [holders[held][1][FEATURES.index(f)] for f in kept]
        st.caption(plain(f"{kept[0]} and {kept[1]} are held at {holders[held][0]}'s scores "
                         f"({values[0]:g} and {values[1]:g})."))
        charts.show(figures.learned(view, FEATURES), "learned_chart")
        st.table(tables.text(tables.learned_points(view, FEATURES), dict.fromkeys(FEATURES, tables.SCORE) | {
            "Truth": tables.SCORE, "On this map": tables.THREE, "Own output": tables.THREE}), hide_index=True,
            border="horizontal")
        st.caption("Blue is happy (1), red is unhappy (0). Each person sits at their own two scores, coloured by their "
                   "truth: where their colour matches the map under them, the network agrees with their truth. "
                   "The map holds two scores at one person's, so under anyone else it is what they would score with "
                   "those two; their own output is in the hover. Hover anywhere for the exact score. New people, James and "
                   "anyone you score on Score a person, are diamonds.")
