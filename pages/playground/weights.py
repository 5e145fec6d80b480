import streamlit as st

from ui import figures, state, tables

st.title("Weights")
st.write("Each weight says how strongly one neuron pushes the next. Training nudges every weight, every epoch.")
net = state.net()
st.plotly_chart(figures.network_diagram(net.layout, net.params), width="stretch", key="weights_diagram")
st.subheader(f"Every weight at epoch {net.epoch:,}")
st.dataframe(tables.weights(net, st.session_state.prev_params), hide_index=True, width="stretch",
             column_config={"Value": st.column_config.NumberColumn(format="%.4f"),
                            "Change since last press": st.column_config.NumberColumn(format="%+.4f")})
st.plotly_chart(figures.weights_over_time(net.history, net.layout.names()), width="stretch",
                key="weights_history")
