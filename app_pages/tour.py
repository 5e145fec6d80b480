import streamlit as st

from ui import guide, pages, state, tour

st.title("Tour")
st.write("A walk through the series with the live network. Each step puts the series' network where that "
         "part was, shows what to look at, and asks you to do one thing.")
guide.what("tour")
s, net = st.session_state, state.net()
number = s.tour_step
step = tour.STEPS[number - 1]
reference = tour.reference(step.epoch)
st.progress(number / len(tour.STEPS), text=f"Step {number} of {len(tour.STEPS)}: {step.part}")
st.header(step.title)
st.write(step.teaches)
if step.quote:
    st.caption("Part 9 says:")
    st.text(f"“{step.quote}”")
with st.container(border=True):
    st.markdown("**Look**")
    st.text(step.look(reference))
    st.page_link(state.page_list()[pages.index(step.page)], label=f"Open {pages.title(step.page)}",
                 icon=":material/arrow_forward:")
with st.container(border=True):
    st.markdown("**Do**")
    st.text(step.do(reference))
if not state.at_step():
    st.caption(f"This step's numbers are for the series' network at epoch {step.epoch:,}; yours is elsewhere now.")
    st.button(f"Put the series' network at epoch {step.epoch:,}", key="tour_place", on_click=state.go_to_step,
              args=(number,))
with st.container(horizontal=True):
    st.button("← Back", key="tour_back", disabled=number == 1, on_click=state.go_to_step, args=(number - 1,))
    st.button("Next →", key="tour_next", type="primary", disabled=number == len(tour.STEPS),
              on_click=state.go_to_step, args=(number + 1,))
st.caption("Each step sets the series' network to its epoch, replacing the run you had (the Lab can download it "
           "first). Leave the tour from the menu at any time: the network stays where it is, and the tour "
           "remembers your step. The address holds the step, so a link can open it.")
