"""Names, titles and notes as a class keeps them, and when two names look alike.

A name is kept as the learner typed it, made plain: Unicode's compatibility form (NFKC: a full-width `Ａ`
is `A`), with every control character and every character that shows nothing (format characters such as
a zero-width space, a right-to-left override, a soft hyphen or a word joiner; a grapheme joiner; a
variation selector) taken out, and runs of spaces made one.

Two names are one name when they look alike: `look(name)` folds case and maps the letters of other
scripts that are drawn like Latin ones (Cyrillic `А`, Greek `Ο`, ...) to those, after Unicode's own list of
confusables (UTS #39) for the letters a name is likely to hold. A name whose look is taken is refused.
"""

import unicodedata

# Unicode's Default_Ignorable_Code_Point characters (DerivedCoreProperties.txt): drawn as nothing.
_IGNORABLE = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
              (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
              (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
              (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))

# Letters drawn like Latin ones (UTS #39 confusables.txt, lower case, after casefold): Cyrillic, then Greek.
_LIKE_LATIN = str.maketrans({
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "ӏ": "l",
    "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t", "ц": "u", "ԝ": "w", "х": "x",
    "у": "y", "ѵ": "v", "ё": "e", "ї": "i", "ү": "y", "ɡ": "g",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "ϲ": "c", "ϳ": "j", "ѡ": "w",
    "ı": "i",
})


def _shows(char):
    """Whether a character is drawn at all (not a control character, not one Unicode says to ignore)."""
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return char == " "
    code = ord(char)
    return not any(low <= code <= high for low, high in _IGNORABLE)


def cleaned(value):
    """The text as kept: NFKC, with nothing that draws nothing, on one line, spaces made one."""
    text = unicodedata.normalize("NFKC", value)
    text = "".join(c if _shows(c) else (" " if c in "\t\n\r\v\f\x85\u2028\u2029" else "") for c in text)
    return " ".join(text.split())


def look(name):
    """What a name looks like: two names with one look are one name (whatever their case, their spaces,
    or the script a lookalike letter comes from)."""
    folded = unicodedata.normalize("NFC", cleaned(name).casefold())
    return "".join(folded.translate(_LIKE_LATIN).split())
