"""Make text that a probed site sent harmless before it is shown, saved or exported.

Remote content is hostile: a page title can carry Rich markup (``[bold red]``) or a terminal escape
sequence. Everything a probe reports passes through :func:`safe_text`, once, in :class:`Finding`.
"""

from __future__ import annotations

import re
import unicodedata


def strip_control(text: str, *, keep_newlines: bool = False) -> str:
    """Remove control and format characters (C0, C1, DEL, bidi overrides, zero-width marks).

    Tabs become spaces; newlines are kept only when asked, otherwise they become spaces too.
    """
    out = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(char)
    return "".join(out)


def escape_markup(text: str) -> str:
    """Escape every ``[`` so that Textual's markup shows the text exactly as it was.

    Textual reads ``\\[`` as a literal bracket and leaves every other backslash alone, so this is
    lossless (a property test checks it against Textual's own parser).
    """
    return text.replace("[", "\\[")


def unescape_markup(text: str) -> str:
    """Undo :func:`escape_markup` (for plain-text outputs such as JSON and Markdown)."""
    return text.replace("\\[", "[")


def safe_text(text: str, *, limit: int = 2000, keep_newlines: bool = False) -> str:
    """Control characters stripped, length bounded, Rich markup escaped."""
    cleaned = strip_control(text, keep_newlines=keep_newlines)
    if not keep_newlines:
        cleaned = re.sub(r" {2,}", " ", cleaned).strip()
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return escape_markup(cleaned)


_OPENSSL_SOURCE = re.compile(r"\s*\(_ssl\.c:\d+\)")


def error_text(error: object) -> str:
    """An error as one line of evidence, without OpenSSL's "(_ssl.c:1006)" (where, not why)."""
    text = _OPENSSL_SOURCE.sub("", " ".join(str(error).split()))
    return text or type(error).__name__
