import streamlit as st

from nn import trace
from ui import byhand, guide, live, state, style

st.title("By hand")
st.write("This epoch's arithmetic, written out the way parts 4-8 of the series did it with pen and paper.")
guide.what("by_hand")
net = state.net()
if net.rule == "series":
    st.info("This is the series' rule: it applies sigmoid_derivative to the output, which is already a sigmoid. "
            "The exact derivative is output × (1 - output); the Lab lets you switch to it.")
state.remember("by_hand", {"by_hand_person": (range(len(net.people)), 0)})
person = st.selectbox("Person", options=range(len(net.people)), format_func=lambda i: net.people.names[i],
                      key="by_hand_person")
style.apply(style.BY_HAND)
with st.container(key="by_hand_narrow"):  # shown on a narrow screen only (style.BY_HAND)
    st.caption("On a screen this narrow, a formula wider than it scrolls sideways: a shadow at its edge shows "
               "there is more.")


@live.follows  # a press redraws this part alone
def now():
    net = state.net()
    st.caption(f"Epoch {net.epoch:,} → {net.epoch + 1:,}. Press +1 and the 'after' weights become the current ones.")
    for heading, lines in byhand.steps(trace(net), person, net.layout.names()):
        st.subheader(heading)
        st.latex(byhand.block(lines))
