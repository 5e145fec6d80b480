"""How the pages draw a plotly figure: full width, with the figure's own look (ui/figures.TEMPLATE)."""

import streamlit as st


def show(figure, key):
    """Draw `figure` under a fixed key, with Streamlit's chart theme off (the figure carries its own).

    Plotly's toolbar is left out: it covered chart titles and the Replay buttons when the pointer was over a
    chart, and on a phone always. Dragging still zooms, and a double click zooms back out.
    """
    st.plotly_chart(figure, width="stretch", key=key, theme=None, config={"displayModeBar": False})
