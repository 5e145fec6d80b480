import streamlit as st

from nn.challenges import CHALLENGES
from ui import guide, live, state
from ui.state import keeping

st.title("Challenges")
st.write("Goals to reach with the playground, from the series and beyond it. Each is checked on your run as "
         "it stands: solve one and it says so at once.")
guide.what("challenges")

live.nothing_follows()  # a press changes nothing here but a challenge solved, which redraws the whole app
s = state.current()
st.progress(len(s.solved) / len(CHALLENGES), text=f"{len(s.solved)} of {len(CHALLENGES)} solved")
for c in CHALLENGES:
    done, shown = s.solved.get(c.key), s.hints.get(c.key, 0)
    with st.container(border=True, key=f"challenge_{c.key}"):
        st.subheader(("✓ " if done else "") + c.title)
        st.write(c.goal)
        st.caption(f"Builds on {c.builds_on[0].lower()}{c.builds_on[1:]}")
        if done:
            st.success(f"Solved at epoch {done['epoch']:,}.")
            st.link_button("Replay the run that solved it", done["link"])  # an address made from the run (or
            # handed back by the browser and checked to be only a query: nn/challenges.solved_from)
        for i, hint in enumerate(c.hints[:shown], start=1):
            st.info(f"Hint {i}: {hint}")
        if shown < len(c.hints):
            st.button(f"Show hint {shown + 1} of {len(c.hints)}", key=f"hint_{c.key}", on_click=keeping.show_hint,
                      args=(c.key,))
