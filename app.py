"""The Happiness Net Playground: `streamlit run app.py`."""

from pathlib import Path

import streamlit as st

from serving import speed, turns
from ui import controls, live
from ui.state import first_run, training

ICON = str(Path(__file__).parent / "ui" / "icon.png")  # a file of our own: the browser fetches nothing from outside
st.set_page_config(page_title="Happiness Net Playground", page_icon=ICON, layout="wide",
                   initial_sidebar_state="collapsed" if st.query_params.get("present") == "1" else "auto")
# The notice's place is made in every run, not only in the first: what follows it (the main area, whose
# fragments the browser names by their place) is then at the same place in every run. Made only in the first
# run, it moved the bar's fragment one place on in later runs, and the first session of a process pressed a
# fragment that no longer existed: its presses were dropped (seen in the balancer's test, 2 runs in 5).
starting = st.empty()
if not speed.kernel_ready():  # the server's first visit: say why it takes a moment, rather than a blank page
    starting.info("Starting the playground… The training kernel is being prepared (only once, when the server "
                  "starts; a few seconds).", icon=":material/hourglass_top:")
    speed.warm_kernel()
    starting.empty()
speed.send_at_once()  # once per process: no run's messages wait for the browser's acknowledgement
speed.build_theme_once()  # once per process: each run's message takes its theme ready-made
speed.return_freed_memory()  # once per process: memory that ended sessions freed goes back to the system
first_run.init()  # this session's state, and the widgets' values (Streamlit drops those of widgets not drawn)
training.whole_run()
with turns.turn(turns.TICK if training.ticking() else turns.CLICK):  # one run draws at a time; clicks first
    page = st.navigation(first_run.page_list())
    controls.sidebar(page.url_path)
    try:
        page.run()  # the bar, the notes above the page, then its script (ui/pages, ui/live.view)
        live.browser_store(with_kept=page.url_path in ("lab", "loss"))
        training.outside_drawn()
    finally:
        speed.freeze_long_lived()  # once per process: keeps Streamlit's after-run garbage collection short
