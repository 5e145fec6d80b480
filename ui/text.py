"""Text a user, a link or a file supplied, made safe to show in Streamlit's Markdown elements.

`st.warning`, `st.error`, `st.caption` and friends read their text as Markdown, so a person named
`![x](http://host/pixel)` or a link value `[here](https://...)` would become an image the browser fetches
or a live link. `plain(text)` makes Markdown show such text as typed, in two steps:

- every ASCII punctuation mark is backslash-escaped, which CommonMark shows as the mark itself: links,
  images, emphasis, math ($), HTML and Streamlit's :colour[...] and :icon: directives stay text;
- bare addresses (`https://…`, `www.…`, `name@host`) would still become links, because GitHub-flavoured
  Markdown finds them in the text after escapes are read. An invisible word joiner (U+2060) inside `www.`,
  before the `:` of `x://` (and of mailto: and xmpp:), and before the `@` of an address, breaks those
  patterns without changing what the reader sees. Nowhere else: copied text carries no joiner that
  wasn't needed.

Every message that can hold such text goes through `plain` (or is shown with st.text, st.dataframe or
a chart, which never read Markdown). st.table does read its cells as Markdown: ui/tables.text passes
every name through `plain`.
"""

import re
import string

from nn.data import quoted

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
# where GitHub-flavoured Markdown would start a link: "www.", a scheme's ":" before "//" (or mailto:, xmpp:),
# and an e-mail's "@" after a word. Only there: an ordinary "Loss: 0.5" carries no invisible character.
_AUTOLINK = re.compile(r"(www)(?=\.)|(?=:\s*/\s*/)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)|(?<=[\w.+-])(?=@)", re.IGNORECASE)
JOINER = "\u2060"


def plain(text):
    """Return text escaped so that Markdown shows it character for character (with no link made of it)."""
    unlinked = _AUTOLINK.sub(lambda m: (m.group(1) or "") + JOINER, str(text))
    return _PUNCTUATION.sub(r"\\\1", unlinked)


LONGEST_TYPED = 40  # characters: a number of epochs or a score is never longer; a longer paste is refused, not cut
_SCIENTIFIC = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+")


def _too_long(typed, what):
    return ValueError(f"That is {len(typed):,} characters, too long to be {what}: type one of at most "
                      f"{LONGEST_TYPED} characters. Nothing was used.")


def epochs_from(text, most):
    """Return the whole number of epochs typed (commas, spaces and underscores between digits allowed, and
    1e4 for 10,000), or raise ValueError with a plain sentence saying what to type instead."""
    typed = str(text).strip()
    if len(typed) > LONGEST_TYPED:
        raise _too_long(typed, f"a number of epochs from 1 to {most:,}")
    if _SCIENTIFIC.fullmatch(typed):  # 1e9 is a whole number (too large); 1e999 is one beyond any limit
        value = float(typed)
        if value > most:
            raise ValueError(f"{typed} epochs is more than the {most:,} a press can train: type at most {most:,}.")
        if not value.is_integer():
            raise ValueError(f"{typed} is not a whole number of epochs: type one from 1 to {most:,}.")
        typed = str(int(value))
    if re.fullmatch(r"\d+([,_ ]\d+)+", typed) and not re.fullmatch(r"\d{1,3}([,_ ]\d{3})+", typed):
        raise ValueError(f"{typed[:20]!r} is not a whole number of epochs: group digits in threes (3,000), or "
                         f"type them with no separator, from 1 to {most:,}.")
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


def score_from(text, name):
    """Return the score typed for `name` (a number from 0 to 1; a decimal comma is read as a point), or raise
    ValueError with a plain sentence naming the score and saying what to type instead."""
    typed = str(text).strip()
    if len(typed) > LONGEST_TYPED:
        raise _too_long(typed, f"a score for {name}")
    point = typed.replace(",", ".", 1) if typed.count(",") == 1 and "." not in typed else typed
    try:
        value = float(point)
    except ValueError:
        raise ValueError(f"{name} {typed[:20]!r} is not a number: type a score from 0 to 1, such as 0.4") from None
    if value != value:
        raise ValueError(f"{name} {typed[:20]!r} is not a number: type a score from 0 to 1, such as 0.4")
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{name} {typed[:20]} is far outside 0 to 1: scores run from 0 to 1")
    if not 0.0 <= value <= 1.0:
        hint = f" (out of 100, {value:g} would be {value / 100:g})" if value.is_integer() and 1 < value <= 100 else ""
        raise ValueError(f"{name} {quoted(value)} is outside 0 to 1: scores run from 0 to 1{hint}")
    return value
