"""The floor Streamlit itself sets: one +100 button and an epoch counter, nothing else."""

import streamlit as st

st.session_state.setdefault("epoch", 0)


def add():
    st.session_state.epoch += 100


st.button("+100", on_click=add)
st.metric("Epoch", f"{st.session_state.epoch:,}")
