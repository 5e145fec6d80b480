"""How the pages draw a plotly figure: full width, with the figure's own look (ui/figures.TEMPLATE)."""

import streamlit as st


def show(figure, key):
    """Draw `figure` under a fixed key, with Streamlit's chart theme off (the figure carries its own)."""
    st.plotly_chart(figure, width="stretch", key=key, theme=None)
