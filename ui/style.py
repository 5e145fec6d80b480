"""The playground's own CSS, as constants: nothing here holds text from a user, a link or a file."""

import streamlit as st

# By hand's formulas: each line is at most byhand.MAX_LINE characters, so a display never needs its own
# scroll bar (an unfocusable scrolling region shuts keyboard users out, axe's scrollable-region-focusable);
# on a narrow screen the formulas get smaller so that a whole line still fits.
BY_HAND = """<style>
.katex-display { overflow: visible !important; }
@media (max-width: 640px) { .katex-display > .katex { font-size: 0.62em !important; } }
</style>"""


# Presenter mode (the sidebar's toggle, or ?present=1): Streamlit sizes its text in rem, so a larger root size
# enlarges every word; the "What am I looking at?" panels and the captions fold away (ui/guide.py keys them).
PRESENT = """<style>
html { font-size: 20px; }
[class*="st-key-guide_"], [data-testid="stCaptionContainer"] { display: none !important; }
.hl-value { font-size: 1.5rem; }
</style>"""


def apply(css):
    """Add one of the constants above to the page (a style-only st.html takes no room)."""
    st.html(css)
