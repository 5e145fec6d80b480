import streamlit as st

from ui import figures, state, tables

st.title("Loss")
st.write("The loss adds up each person's squared error: 0 would mean every guess is exactly right.")
net = state.net()
view = st.segmented_control("Show", ["Live curve", "Replay"], key="loss_view", required=True,
                            help="The live curve grows as you train; the replay scrubs back through the history.")
if view == "Replay":
    st.write("Press ▶ or drag the slider: the marker shows the epoch, with the outputs and weights at that epoch.")
    st.plotly_chart(figures.replay(net.history, net.people.names, net.people.y[:, 0], net.layout.names()),
                    width="stretch", key="loss_replay")
else:
    log = st.toggle("Log scale", key="loss_log", help="A log scale spreads out small losses so late progress shows.")
    st.plotly_chart(figures.loss_curve(net.history, log=log), width="stretch", key="loss_curve")
st.subheader("Exact numbers at an epoch")
pick = st.slider("Epoch", 0, max(net.epoch, 1), net.epoch, key="loss_pick", disabled=net.epoch == 0,
                 help="Past epoch 10,000 the history keeps a sample of epochs; the nearest kept one is shown.")
index = net.history.at(pick)
outputs, weights = tables.at_epoch(net, index)
st.caption(f"Epoch {net.history.epochs[index]:,}: loss {net.history.loss[index]:.6f}")
left, right = st.columns(2)
left.dataframe(outputs, hide_index=True, column_config={"Output": st.column_config.NumberColumn(format="%.6f")})
right.dataframe(weights, hide_index=True, column_config={"Value": st.column_config.NumberColumn(format="%.6f")})
