import streamlit as st

from nn import FEATURES, JAMES
from nn import landscape as scapes
from ui import charts, controls, figures, guide, live, pages, state, tables, tour, touring
from ui.state import first_run

st.title("Tour")
st.write("A walk through the series with the live network. Each step puts the series' network where that "
         "part was, shows what to look at, and asks you to do one thing.")
guide.what("tour")
net = state.net()
number = touring.step()
step = tour.STEPS[number - 1]
reference = tour.reference(step.epoch)
st.progress(number / len(tour.STEPS), text=f"Step {number} of {len(tour.STEPS)}: {step.part}")
with st.container(horizontal=True):
    st.button("← Back", key="tour_back", disabled=number == 1, on_click=touring.move, args=(number - 1, "tour"))
    st.button("Next →", key="tour_next", type="primary", disabled=number == len(tour.STEPS),
              on_click=touring.move, args=(number + 1, "tour"))
controls.asked("tour")
text, view = st.columns([2, 3], gap="medium")  # the words, and beside them what they talk about (your network, live)
with text:
    st.header(step.title)
    st.write(step.teaches)
    if step.quote:
        st.caption("Part 9 says:")
        st.text(f"“{step.quote}”")
    with st.container(border=True):
        st.markdown("**Look**")
        st.text(step.look(reference))
        st.page_link(first_run.page_list()[pages.index(step.page)], label=f"Open {pages.title(step.page)}",
                     icon=":material/arrow_forward:")
    with st.container(border=True):
        st.markdown("**Do**")
        st.text(step.do(reference))
with view:
    small = {"height": 360}
    if step.page == "overview":
        live.people_table(net, "tour_people")
    elif step.page == "outputs":
        names = net.people.names
        live.figure("outputs", figures.outputs_vs_truth(names, net.output[:, 0], net.people.y[:, 0])
                    .update_layout(small), "tour_outputs")
    elif step.page == "loss":
        live.figure("loss", figures.loss_curve(net.history, log=True).update_layout(small), "tour_loss")
    elif step.page == "weights":
        live.figure("diagram", figures.network_diagram(net.layout, net.params).update_layout(small), "tour_weights")
    elif step.page == "landscape":
        charts.show(figures.landscape(scapes.landscape(net, *scapes.default_pair(net.layout))).update_layout(small),
                    "tour_landscape")
    elif step.page == "learned":
        charts.show(figures.learned(scapes.learned(net), FEATURES).update_layout(small), "tour_learned")
    elif step.page == "by_hand":  # the arithmetic of the epoch, for everyone: By hand writes it out person by person
        steps = tables.backprop(net) if number == 4 else tables.forward(net)
        st.caption(f"{'Backprop' if number == 4 else 'The forward pass'} at epoch {net.epoch:,}, for each person:")
        st.table(tables.text(steps, {c: tables.FOUR for c in steps.columns[1:]}, blank=""), hide_index=True,
                 border="horizontal")
    elif step.page == "score":
        james = float(net.predict([JAMES[1]])[0])
        st.metric(f"James's happiness score at epoch {net.epoch:,}", f"{james:.6f}",
                  help="0 is very unhappy, 1 is very happy.")
        st.caption(f"From his scores: {', '.join(f'{f} {v:g}' for f, v in zip(FEATURES, JAMES[1], strict=True))}.")
    elif step.page == "lab":
        live.figure("loss", figures.loss_curve(net.history, log=True).update_layout(small), "tour_lab_loss")
if not touring.at_step():
    st.caption(f"This step's numbers are for the series' network at epoch {step.epoch:,}; yours is elsewhere now.")
    st.button(f"Put the series' network at epoch {step.epoch:,}", key="tour_place", on_click=touring.move,
              args=(number, "tour_place"))
    controls.asked("tour_place")
st.caption("Each step sets the series' network to its epoch. If you have trained it on, it asks first, so you "
           "can copy its link or download it in the Lab. Leave the tour from the menu at any time: the network "
           "stays where it is, and the tour remembers your step. The address holds the step, so a link can open it.")
