"""The playground's own CSS, as constants: nothing here holds text from a user, a link or a file."""

import streamlit as st

# By hand's formulas: each line is at most byhand.MAX_LINE characters, so a display never needs its own
# scroll bar (an unfocusable scrolling region shuts keyboard users out, axe's scrollable-region-focusable);
# on a narrow screen the formulas get smaller so that a whole line still fits.
BY_HAND = """<style>
.katex-display { overflow: visible !important; }
@media (max-width: 640px) { .katex-display > .katex { font-size: 0.62em !important; } }
</style>"""


PHONE_WIDTH = 768  # px: below this Streamlit folds the sidebar away, and the compact bar takes over

# The compact bar (ui/controls.phone_bar): hidden on a wider screen, where the sidebar shows the controls;
# on a phone it sits at the top of the page and stays in view (under Streamlit's own header) as you scroll.
# Also on a phone: tables in smaller type, so every column fits, and page links that wrap.
BAR = "[data-testid=stLayoutWrapper]:has(> .st-key-phone_bar)"  # the bar's wrapper, a child of the page's main column
PHONE = f"""<style>
{BAR}, .st-key-phone_bar {{ display: none !important; }}
@media (max-width: {PHONE_WIDTH - 0.02}px) {{
  {BAR} {{
    display: block !important; position: sticky; top: 3.75rem; z-index: 99; background: #ffffff;
    border-bottom: 1px solid #e5e7eb;
  }}
  .st-key-phone_bar {{ display: flex !important; padding: 0.4rem 0; gap: 0.3rem; }}
  .st-key-phone_bar button {{ min-height: 2.4rem; padding: 0 0.6rem; }}
  [data-testid="stTable"] table {{ font-size: 0.8rem; }}
  [data-testid="stTable"] th, [data-testid="stTable"] td {{ padding: 0.3rem 0.25rem !important; }}
  [data-testid="stTable"] th, [data-testid="stTable"] th * {{
    white-space: normal !important; overflow-wrap: anywhere !important; hyphens: manual;
  }}
  [data-testid="stPageLink"] span, [data-testid="stPageLink"] p {{ white-space: normal !important; }}
}}
</style>"""


def apply(css):
    """Add one of the constants above to the page (a style-only st.html takes no room)."""
    st.html(css)
