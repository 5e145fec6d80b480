"""The playground's own CSS (and one script), as constants: nothing here holds text from a user, a link or a file."""

import streamlit as st

# By hand's formulas: each line is at most byhand.MAX_LINE characters, so on a wide screen a display fits its
# column. On a narrow screen the formulas keep a readable size and a display that is wider than the screen
# scrolls sideways. Such a scrolling region must take the keyboard's focus, or keyboard users couldn't scroll
# it (axe's scrollable-region-focusable): FOCUSABLE_FORMULAS makes each display focusable, and names it.
BY_HAND = """<style>
.katex-display { overflow: visible !important; }
@media (max-width: 640px) {
  .katex-display { overflow-x: auto !important; overflow-y: hidden !important; padding: 2px 0 6px; }
  .katex-display > .katex { font-size: 1em !important; }
  .katex-display:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
}
</style>"""

# Once a session (it watches the page for formulas drawn later): every formula display takes the focus.
FOCUSABLE_FORMULAS = """<script>
(() => {
  if (window.__formulasFocusable) return;
  window.__formulasFocusable = true;
  const tag = () => document.querySelectorAll(".katex-display:not([tabindex])").forEach((e) => {
    e.tabIndex = 0;
    e.setAttribute("role", "group");
    e.setAttribute("aria-label", "Formula (on a narrow screen, scroll sideways for the rest)");
  });
  tag();
  new MutationObserver(tag).observe(document.body, { childList: true, subtree: true });
})();
</script>"""


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


def run(script):
    """Add one of the scripts above to the page: the project's own JavaScript, with nothing a user typed in it."""
    st.html(script, unsafe_allow_javascript=True)
