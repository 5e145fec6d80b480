import streamlit as st

from ui import charts, figures, guide, state, tables

st.title("Weights")
st.write("Each weight says how strongly one neuron pushes the next. Training nudges every weight, every epoch.")
guide.what("weights")
net = state.net()
charts.show(figures.network_diagram(net.layout, net.params), "weights_diagram")
st.subheader(f"Every weight at epoch {net.epoch:,}")
since = st.session_state.prev_epoch
st.dataframe(tables.weights(net, st.session_state.prev_params, since), hide_index=True, width="stretch",
             column_config={"Value": st.column_config.NumberColumn(format="%.4f"),
                            tables.change_label(since): st.column_config.NumberColumn(format="%+.4g")})
charts.show(figures.weights_over_time(net.history, net.layout.names()), "weights_history")
st.caption("This chart as numbers: Loss, then Replay, gives every weight at any epoch to 6 decimals.")
