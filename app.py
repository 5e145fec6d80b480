"""The Happiness Net Playground: `streamlit run app.py`."""

import streamlit as st

from ui import controls, speed
from ui.pages import PAGES

st.set_page_config(page_title="Happiness Net Playground", page_icon=":material/sentiment_satisfied:", layout="wide")
speed.warm_kernel()  # once per process: no learner's click waits for the kernel to compile
page = st.navigation([st.Page(path, title=title, icon=icon, default=i == 0)
                      for i, (path, title, icon, _) in enumerate(PAGES)])
controls.sidebar()
try:
    page.run()
finally:
    speed.freeze_long_lived()  # once per process: keeps Streamlit's after-run garbage collection short
