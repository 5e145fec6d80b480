"""The playground's own CSS, as constants: nothing here holds text from a user, a link or a file."""

import streamlit as st

# By hand's formulas: each line is at most byhand.MAX_LINE characters, so on a wide screen a display fits its
# column. On a narrow screen the formulas keep a readable size and a display that is wider than the screen
# scrolls sideways, with a shadow at the edge that hides more; ui/live.js makes it focusable, and names it.
BY_HAND = """<style>
.katex-display { overflow: visible !important; }
.st-key-by_hand_narrow { display: none !important; }
@media (max-width: 640px) {
  .st-key-by_hand_narrow { display: block !important; }
  .katex-display { overflow-x: auto !important; overflow-y: hidden !important; padding: 2px 0 6px; }
  .katex-display > .katex { font-size: 1em !important; }
}
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

