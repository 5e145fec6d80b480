"""Helpers for the Streamlit pages: state (the only owner of st.session_state), figures, text."""
