"""Text a user, a link or a file supplied, made safe to show in Streamlit's Markdown elements.

`st.warning`, `st.error`, `st.caption` and friends read their text as Markdown, so a person named
`![x](http://host/pixel)` or a link value `[here](https://...)` would become an image the browser fetches
or a live link. `plain(text)` makes Markdown show such text as typed, in two steps:

- every ASCII punctuation mark is backslash-escaped, which CommonMark shows as the mark itself: links,
  images, emphasis, math ($), HTML and Streamlit's :colour[...] and :icon: directives stay text;
- bare addresses (`https://…`, `www.…`, `name@host`) would still become links, because GitHub-flavoured
  Markdown finds them in the text after escapes are read. An invisible word joiner (U+2060) before each
  `:` and `@`, and inside `www.`, breaks those patterns without changing what the reader sees.

Every message that can hold such text goes through `plain` (or is shown with st.text, st.dataframe or
a chart, which never read Markdown). st.table does read its cells as Markdown: ui/tables.text passes
every name through `plain`.
"""

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_AUTOLINK = re.compile(r"(www)(?=\.)|(?=[:@])", re.IGNORECASE)
JOINER = "\u2060"


def plain(text):
    """Return text escaped so that Markdown shows it character for character (with no link made of it)."""
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) or "") + JOINER, str(text))
    return _PUNCTUATION.sub(r"\\\1", unlinked)


def epochs_from(text, most):
    """Return the whole number of epochs typed (commas, spaces and underscores between digits allowed),
    or raise ValueError with a plain sentence saying what to type instead."""
    typed = str(text).strip()
    digits = re.sub(r"(?<=\d)[,_ ](?=\d)", "", typed)
    if not digits:
        raise ValueError(f"Type how many epochs to train: a whole number from 1 to {most:,}.")
    if not digits.isascii() or not digits.lstrip("-").isdigit():
        raise ValueError(f"{typed[:20]!r} is not a whole number of epochs: type one from 1 to {most:,}.")
    value = int(digits)
    if value < 1:
        raise ValueError(f"{value:,} epochs would train nothing: type a whole number from 1 to {most:,}.")
    if value > most:
        raise ValueError(f"{value:,} epochs is more than the {most:,} a press can train: type at most {most:,}.")
    return value
