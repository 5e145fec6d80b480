"""The playground's own CSS, as constants: nothing here holds text from a user, a link or a file."""

import streamlit as st

# By hand's formulas: each line is at most byhand.MAX_LINE characters, so a display never needs its own
# scroll bar (an unfocusable scrolling region shuts keyboard users out, axe's scrollable-region-focusable);
# on a narrow screen the formulas get smaller so that a whole line still fits.
BY_HAND = """<style>
.katex-display { overflow: visible !important; }
@media (max-width: 640px) { .katex-display > .katex { font-size: 0.62em !important; } }
</style>"""


def apply(css):
    """Add one of the constants above to the page (a style-only st.html takes no room)."""
    st.html(css)
