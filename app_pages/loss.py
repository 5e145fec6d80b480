import streamlit as st

from nn import diagnose
from ui import charts, figures, guide, live, state, tables
from ui.state import keeping, lab
from ui.text import plain

st.title("Loss")
st.write("The loss adds up each person's squared error: 0 would mean every guess is exactly right.")
guide.what("loss")


@live.follows  # a press redraws this part alone
def now():
    net = state.net()
    rising, swing = diagnose.loss_rising(net), state.swing(net)
    if rising or swing:
        with st.container(border=True):
            st.markdown("**Why is the loss going up?**" if rising else "**Why does the loss jump up and down?**")
            if rising:
                st.write(f"The loss was lowest at epoch {rising[0]:,} ({rising[1]:.6f}, the lowest of every epoch so far) "
                         "and has risen since. The series' rule is not the exact slope of the loss, so over a long run "
                         "its steps can make things worse. The exact derivative steps downhill.")
            if swing:
                st.write(f"The loss now swings every epoch, between {swing[0]:.6f} and {swing[1]:.6f}: each step "
                         "overshoots, back and forth across the valley. The shaded band on the chart shows how far it "
                         "swings between the points drawn.")
            if net.rule == "series":
                st.button("Use the exact derivative from the next epoch", key="loss_exact", on_click=lab.use_exact_rule)
    state.remember("loss", {"loss_view": (["Live curve", "Replay"], "Live curve"), "loss_log": ((False, True), False)})
    view = st.segmented_control("Show", ["Live curve", "Replay"], key="loss_view", required=True,
                                help="The live curve grows as you train; the replay goes back through the history.")
    if view != "Replay":  # the live curve, also while the browser reports the selector empty
        log = st.toggle("Log scale", key="loss_log", help="A log scale spreads out small losses so late progress shows.")
        changes = [(e, f"{rule} rule, lr {lr:g}") for e, rule, lr in net.changes[1:]]
        runs = keeping.kept_runs()
        live.figure("loss", figures.loss_curve(net.history, log=log, changes=changes,
                                               runs=[(r.name, r.epochs, r.loss, r.label) for r in runs]), "loss_curve")
        for run in runs:
            st.caption(plain(f"{run.name} (dotted): {run.label}"))
        st.caption("Hover over the curve for the loss at any epoch. Replay, above, goes back to any epoch "
                   "with every output and weight as it was then.")
    else:
        st.write("Pick an epoch: the chart marks it on the loss and shows every output and weight then, and the "
                 "exact numbers are below. ▶ Replay plays the whole history in the chart.")
        pick = st.slider("Epoch", 0, max(net.epoch, 1), net.epoch, key="loss_pick", disabled=net.epoch == 0,
                         help="Past epoch 10,000 the history keeps a sample of epochs; the nearest kept one is shown.")
        index = net.history.at(pick)
        charts.show(figures.replay(net.history, net.people.names, net.people.y[:, 0], net.layout.names(), at=index),
                    "loss_replay")
        outputs, weights, james = tables.at_epoch(net, index)
        st.subheader(f"Exact numbers at epoch {net.history.epochs[index]:,}")
        st.caption(f"Loss {net.history.loss[index]:.6f}")
        left, right = st.columns(2)
        left.dataframe(outputs, hide_index=True, column_config={"Output": st.column_config.NumberColumn(format="%.6f")})
        left.caption(f"James, new (no truth), scored with these weights: {james:.6f}.")
        right.dataframe(weights, hide_index=True, column_config={"Value": st.column_config.NumberColumn(format="%.6f")})
