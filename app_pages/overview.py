import streamlit as st

from ui import figures, guide, live, pages, state
from ui.state import first_run

st.title("Happiness Net Playground")
st.write(
    "Three people had their happiness measured the slow, expensive way. Each also has four cheap scores: "
    "money, relationships, sandwiches and a baseline. The series *Handwriting a neural net* built a tiny "
    "network that learns happiness from those four scores, so that a newcomer like James can be scored in a second. "
    "Press a train button or ▶ Play in the bar at the top and watch it learn."
)
guide.what("overview")
st.subheader("The people, and the network's output now")
st.caption("Scores run from 0 to 1. Truth is the measured happiness; output is the network's guess, at the epoch "
           "in the bar: it moves with Play.")


@live.follows  # a press redraws this part alone
def now():
    net = state.net()
    live.people_table(net, "overview_people")
    live.figure("outputs", figures.outputs_vs_truth(net.people.names, net.output[:, 0], net.people.y[:, 0]),
                "overview_outputs")


st.subheader("Where to look")
for page, (_, title, icon, blurb) in list(zip(first_run.page_list(), pages.PAGES, strict=True))[1:]:
    st.page_link(page, label=f"{title}: {blurb}", icon=icon)
