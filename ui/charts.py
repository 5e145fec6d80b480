"""How the pages draw a plotly figure: full width, with the figure's own look (ui/figures.TEMPLATE)."""

import streamlit as st

from ui import figures, state


def show(figure, key):
    """Draw `figure` under a fixed key, with Streamlit's chart theme off (the figure carries its own).

    Plotly's toolbar is left out: it covered chart titles and the Replay buttons when the pointer was over a
    chart, and on a phone always. Dragging still zooms, and a double click zooms back out.
    """
    if state.presenting():
        figure = figures.presented(figure)
    st.plotly_chart(figure, width="stretch", key=key, theme=None, config={"displayModeBar": False})
