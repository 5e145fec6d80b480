import pandas as pd
import streamlit as st

from nn import FEATURES, SERIES_PEOPLE, export, kept, runfile
from nn.network import MAX_HIDDEN, MAX_LEARNING_RATE, MIN_LEARNING_RATE
from ui import controls, guide, live, state
from ui.state import keeping, lab
from ui.text import plain

st.title("Lab")
st.write("Go beyond the series: change how the network learns, give it your own people, and share what you find.")
guide.what("lab")
live.nothing_follows()  # a press changes nothing here: it redraws only the bar
net = state.net()
s = state.current()  # its network at the moment of a download (the bar's presses don't redraw this page)
lab.lab_widgets()

st.subheader("How it learns")
st.caption("These apply from the next epoch on; the history stays, and the loss chart marks the change.")
st.radio("Derivative rule", ["series", "exact"], key="lab_rule", on_change=lab.set_rule, horizontal=True,
         format_func={"series": "The series' rule", "exact": "The exact derivative"}.get)
st.caption("The series applied sigmoid_derivative to outputs that were already sigmoids; "
           "the exact derivative uses output × (1 - output).")
# value= as well as the key: the browser first paints a number box with its default, then the value the
# server set, so without it a fresh Lab showed 0.001 for a moment (and a test reading it then failed)
# No min or max: the browser would hold 0 or 1001 in a red box, with the reason in a tooltip, while training
# kept the old rate. Any number reaches the server, and one it can't use is refused in a message in view.
st.number_input("Learning rate", step=0.1, format="%.3f", value=net.learning_rate, key="lab_lr",
                on_change=lab.set_learning_rate,
                help=f"From {MIN_LEARNING_RATE:g} to {MAX_LEARNING_RATE:g}; the series used 1.")
controls.said("lab_lr")
st.caption("How big a step each epoch takes along d_weights; the series used 1.")

st.subheader("Its shape")
with st.form("lab_shape"):
    st.warning("Applying a new shape restarts training at epoch 0: the weights and the history start again.")
    st.checkbox("Bias", key="lab_bias", help="Adds a bias to the hidden and output neurons, starting at 0.")
    st.caption("A bias lets a neuron shift its output, so Alice can go below 0.5.")
    st.slider("Hidden neurons", 1, MAX_HIDDEN, key="lab_hidden")
    st.caption("The series had one hidden neuron; more can learn more, starting from random weights.")
    st.selectbox("Hidden activation", ["sigmoid", "tanh", "relu"], key="lab_activation")
    st.caption("The squashing function of the hidden layer; the output stays a sigmoid.")
    st.number_input("Random-start seed", min_value=0, max_value=2**32 - 1, step=1, value=net.seed, key="lab_seed")
    st.caption("With two or more hidden neurons, the seed picks the random start, so a run can be repeated.")
    st.form_submit_button("Restart with this shape", on_click=lab.restart_with_shape)
controls.said("lab_shape")
controls.asked("lab_shape")

st.subheader("Your own people")
st.caption("Edit, add or remove rows (1 to 100 people), then press the button: training restarts on your data.")
rows = pd.DataFrame(net.people.rows()).rename(columns={v: k for k, v in lab.EDITOR_COLUMNS.items()})
# No min or max here: the grid would clamp a 2 to 1.00 unseen. The button's check (nn.People) refuses it
# instead and names the row and the column, and nothing changes.
number = st.column_config.NumberColumn(step=0.0001, format="%.4g", help="A score from 0 to 1.")
with st.form("lab_people"):
    st.data_editor(rows, num_rows="dynamic", hide_index=True, key=f"lab_people_{s.people_version}",
                   column_config={"Name": st.column_config.TextColumn(max_chars=60),
                                  **{c: number for c in (*FEATURES, "Truth")}})
    st.form_submit_button("Use these people (restarts at epoch 0)", on_click=lab.use_edited_people)
if s.people_problem:
    st.error(plain(f"Nothing changed: {s.people_problem}."))
series = net.people == SERIES_PEOPLE
st.button("Restore the series' people", key="lab_series_people", on_click=lab.restore_series_people,
          disabled=series, help="The people are the series' own already." if series else
          "Back to Alejandra, Bob and Alice, from epoch 0.")
controls.asked("lab_people")

st.subheader("Compare runs")
st.caption(f"Keep up to {kept.MAX_KEPT} runs; the Loss page draws their loss curves together. This browser "
           "remembers them when the page is reloaded.")
left, right = st.columns(2)
left.button("Keep this run", key="lab_keep", on_click=keeping.keep_run, width="stretch")
runs = keeping.kept_runs()
right.button("Forget kept runs", key="lab_forget", on_click=keeping.clear_kept_runs, width="stretch", disabled=not runs)
controls.said("lab_keep")
for i, run in enumerate(runs):
    name, forget = st.columns([5, 1], vertical_alignment="bottom")
    name.text_input(f"Name of kept run {i + 1}", key=f"kept_name_{i}", max_chars=kept.MAX_NAME,
                    on_change=keeping.rename_kept, args=(i,))
    forget.button("Forget", key=f"kept_forget_{i}", on_click=keeping.forget_kept, args=(i,), width="stretch")
    st.caption(plain(run.label))
controls.said("kept_names")

st.subheader("Share and save")
st.caption("The address bar always holds this run: copy it, and whoever opens it gets the same network, "
           "trained again to the same epoch.")
# on_click="ignore": a download needs no rerun, and a rerun racing the browser's fetch could drop the file it fetches
st.download_button("Download this run (JSON)", data=lambda: runfile.to_json(s.net), file_name="happiness-run.json",
                   mime="application/json", key="lab_export", on_click="ignore")
st.file_uploader("Load a run (a JSON file from this button)", type=["json"], key=lab.upload_key(),
                 on_change=lab.import_run, max_upload_size=runfile.MAX_FILE_BYTES // 2**20)
live.file_guard(lab.upload_key(), "lab_upload")
controls.said("lab_upload")
controls.asked("lab_upload")
series_style, exact = st.columns(2)
series_style.download_button("Python script, the series' style", data=lambda: export.to_series_script(s.net),
                             file_name="happiness_net_series.py", mime="text/x-python", key="lab_series_script",
                             on_click="ignore", width="stretch")
exact.download_button("Python script, bit-exact", data=lambda: export.to_script(s.net), file_name="happiness_net.py",
                      mime="text/x-python", key="lab_script", on_click="ignore", width="stretch")
st.caption("Each script needs only numpy: it trains this run from its start for the current number of epochs "
           "and prints the outputs, as part 9 of the series did. The series' style is part 9's own code with "
           "np.dot, and agrees with the playground to about 6 decimals; the bit-exact one adds one number at a "
           "time, as the playground does, and ends on the very same bits.")
