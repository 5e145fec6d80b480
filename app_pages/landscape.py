import streamlit as st

from nn import landscape as scapes
from ui import charts, figures, guide, live, state, tables

VIEWS = {"Around the current point": "around", "The whole path": "path"}
st.title("Landscape")
st.write("The loss as a surface over two weights you pick: each epoch, training takes one step across it.")
guide.what("landscape")


@live.follows  # a press redraws this part alone
def now():
    net = state.net()
    names = net.layout.names()
    across, up = scapes.default_pair(net.layout)
    state.remember("landscape", {"scape_across": (range(len(names)), across), "scape_up": (range(len(names)), up),
                                 "scape_view": (list(VIEWS), "Around the current point")})
    left, right = st.columns(2)
    across = left.selectbox("Across", range(len(names)), format_func=names.__getitem__, key="scape_across")
    up = right.selectbox("Up", range(len(names)), format_func=names.__getitem__, key="scape_up")
    view = st.segmented_control("Zoom", list(VIEWS), key="scape_view", required=True,
                                help="Around the point shows the ground nearby; the whole path shows where training "
                                "came from.")
    if across == up:
        st.info("Pick two different weights: the landscape needs one across and one up.")
    else:
        scape = scapes.landscape(net, across, up, VIEWS.get(view, "around"))
        charts.show(figures.landscape(scape), "scape_chart")
        st.caption("This is a slice: every other weight is frozen at its value now, so as training moves them, the "
                   "whole picture shifts too. Darker is a higher loss. The purple line is the path training took.")
        st.write("The orange arrow is where the series' rule moves these two weights at the next epoch; the green one "
                 "is the exact derivative's step, straight downhill. They differ because the series applies "
                 "sigmoid_derivative to outputs that are already sigmoids.")
        st.caption(f"At epoch {net.epoch:,}, the loss is {scape.current_loss:.6f}, at the star. The two weights and each "
                   "rule's next step "
                   f"(learning rate {scape.learning_rate:g} × d_weight):")
        steps = {"Now": "{:.6f}", "Series' step": "{:+.6f}", "Exact step (downhill)": "{:+.6f}"}
        st.table(tables.text(tables.landscape(scape), steps), hide_index=True, border="horizontal")
