"""The floor Streamlit itself sets: one +1 button and an epoch counter, nothing else (bench/live.py, bench/clicks.py)."""

import streamlit as st

st.session_state.setdefault("epoch", 0)


def add():
    st.session_state.epoch += 1


st.button("+1", on_click=add)
st.markdown(f'Epoch <span data-live="epoch">{st.session_state.epoch:,}</span>', unsafe_allow_html=True)  # a constant
