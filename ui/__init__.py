"""Helpers for the Streamlit pages: session (one typed Session a tab), state (which changes it), figures, text."""
