import streamlit as st

from ui import figures, state, tables

st.title("Loss")
st.write("The loss adds up each person's squared error: 0 would mean every guess is exactly right.")
net = state.net()
log = st.toggle("Log scale", key="loss_log", help="A log scale spreads out small losses so late progress shows.")
st.plotly_chart(figures.loss_curve(net.history, log=log), width="stretch", key="loss_curve")
st.subheader("Replay")
st.write("Scrub through the recorded history: the marker shows the epoch, with the outputs and weights at that epoch.")
st.plotly_chart(figures.replay(net.history, net.people.names, net.people.y[:, 0], net.layout.names()),
                width="stretch", key="loss_replay")
with st.expander("Exact numbers at a recorded epoch"):
    epochs = net.history.epochs
    pick = st.select_slider("Epoch", options=list(range(len(epochs))), value=len(epochs) - 1, key="loss_pick",
                            format_func=lambda i: f"{epochs[i]:,}")
    outputs, weights = tables.at_epoch(net, pick)
    st.caption(f"Epoch {epochs[pick]:,}: loss {net.history.loss[pick]:.6f}")
    left, right = st.columns(2)
    left.dataframe(outputs, hide_index=True, column_config={"Output": st.column_config.NumberColumn(format="%.6f")})
    right.dataframe(weights, hide_index=True, column_config={"Value": st.column_config.NumberColumn(format="%.6f")})
