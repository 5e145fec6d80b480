import streamlit as st

from ui import charts, figures, guide, live, state, tables

st.title("Weights")
st.write("Each weight says how strongly one neuron pushes the next. Training nudges every weight, every epoch.")
guide.what("weights")


@live.follows  # a press redraws this part alone
def now():
    net = state.net()
    live.figure("diagram", figures.network_diagram(net.layout, net.params), "weights_diagram")
    st.caption("Blue pushes the next neuron up, red pushes it down; a thicker line is a stronger push.")
    st.subheader(f"Every weight at epoch {net.epoch:,}")
    since = state.current().prev_epoch
    st.table(tables.text(tables.weights(net, state.current().prev_params, since),
                         {"Value": tables.SIX, tables.change_label(since): tables.CHANGE}), hide_index=True,
             border="horizontal")
    charts.show(figures.weights_over_time(net.history, net.layout.names()), "weights_history")
    st.caption("This chart as numbers: Loss, then Replay, gives every weight at any epoch to 6 decimals.")
