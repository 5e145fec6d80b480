import streamlit as st

from nn import diagnose
from ui import charts, controls, figures, guide, live, state, tables
from ui.state import lab

st.title("Outputs")
st.write("The output is the network's guess at each person's happiness; the truth is what was measured.")
guide.what("outputs")


@live.follows  # a press redraws this part alone
def now():
    net = state.net()
    names, truth = net.people.names, net.people.y[:, 0]
    live.figure("outputs", figures.outputs_vs_truth(names, net.output[:, 0], truth), "outputs_bars")
    errors = tables.errors(net)
    width = max(len(n) for n in names)
    st.text("\n".join(f"{n:<{width}}  output {o:.3f}   truth {t:.3f}" for n, o, t in
                       zip(names, errors["Output"], errors["Truth"], strict=True)))
    stuck = diagnose.stuck_at_half(net)
    if stuck:
        with st.container(border=True):
            st.markdown("**Why is it stuck at 0.5?**")
            st.text(f"Stuck at the 0.5 floor: {', '.join(names[i] for i in stuck)}")
            st.write("With no bias, the output is sigmoid(weights2 · layer1). Here layer1 is never below 0 and "
                     "weights2 is positive, so that sum is never below 0 and the output can't go below 0.5, "
                     "however long you train. A bias lets the network shift the sum down.")
            st.button("Turn the bias on (restarts at epoch 0)", key="outputs_bias", on_click=lab.turn_bias_on)
            controls.asked("outputs_bias")
    st.subheader(f"Errors at epoch {net.epoch:,}")
    if len(names) <= 20:  # a plain table, whole on a phone (its headings wrap); a long list scrolls in a grid instead
        st.table(tables.text(errors, {"Output": tables.SIX, "Truth": tables.SCORE, "Error (truth - output)": "{:+.6f}",
                                      "Squared error": tables.SIX, "Share of the loss": "{:.1%}"}),
                 hide_index=True, border="horizontal")
    else:
        st.dataframe(errors, hide_index=True, width="stretch", column_config={
            c: st.column_config.NumberColumn(format="%.6f") for c in errors.columns[1:5]} | {
            "Share of the loss": st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0)})
    worst = int(errors["Squared error"].idxmax())
    st.write("Most of the loss now comes from:")
    st.text(f"{names[worst]}: {errors['Share of the loss'][worst]:.0%} of the loss (squared error "
            f"{errors['Squared error'][worst]:.4f})")
    charts.show(figures.outputs_over_time(net.history, names, truth), "outputs_history")
    charts.show(figures.squared_error_over_time(net.history, names, truth), "outputs_errors")
    st.caption("These two charts as numbers: Loss, then Replay, gives every output at any epoch to 6 decimals.")
