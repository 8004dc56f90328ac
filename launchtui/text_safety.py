"""Make text that launchtui did not write itself harmless where it is shown or written out.

Checklist titles, notes, imported evidence, probe evidence and target URLs are stored exactly as
they came (raw); this module is the one place where they are made safe, at the moment they are
rendered, for the kind of sink they go to:

- :func:`plain_text` — for a terminal or a plain file (text report, JSON): terminal escape
  sequences (CSI, OSC — OSC 52 writes the clipboard —, DCS…) removed whole, every other control
  and format character dropped (C0 and C1 controls, DEL, bidi overrides and isolates, zero-width
  characters, line and paragraph separators).
- :func:`markup_text` — for a string Rich or Textual will parse as markup (border titles,
  notifications): :func:`plain_text`, then every ``[`` escaped, so ``[@click=app.quit]`` is no
  action and ``[/admin]`` no closing tag.
- :func:`markdown_text` and :func:`markdown_inline` — for a Markdown export: :func:`plain_text`,
  then HTML neutralised (``&``, ``<``, ``>`` as entities), so a note cannot open a tag or end the
  hidden ``<!-- … -->`` comment an export carries.
- :func:`toml_text` — for a TOML document (the state file and its export): characters a terminal
  or an editor would act on (C1 controls, bidi and zero-width characters) written as ``\\uXXXX``
  escapes, which TOML reads back as the same text.
- :func:`shorten` — long text cut at a bound, saying how much was left out.

Plain Python, no Textual: the core and the exports use it as well as the TUI.
"""

from __future__ import annotations

import re

# Every character of the Unicode categories Cc (controls), Cf (format: bidi marks, overrides and
# isolates, zero-width characters, BOM…), Cs (surrogates), Zl and Zp (line and paragraph
# separators), as of Unicode 15.1, plus the format characters added by then. A test checks that
# this covers every such character the running Python knows of.
_DROPPED_ABOVE_C0 = (
    "\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_DROPPED = "\x00-\x1f" + _DROPPED_ABOVE_C0
_CONTROL = re.compile(f"[{_DROPPED}]")
_CONTROL_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_DROPPED_ABOVE_C0}]")

# A terminal acts on the whole sequence, not only on its ESC: remove CSI (colours, cursor
# moves), OSC (window title, hyperlinks, OSC 52 clipboard writes), DCS/SOS/PM/APC strings and
# two-character escapes, in their 7-bit (ESC …) and 8-bit (C1) forms. An unterminated string
# sequence runs to the next control character, as a terminal would swallow it.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_SINGLE_LINE_BREAK = re.compile(r"\r\n|[\t\n\r\v\f\x85\u2028\u2029]")
_LINE_BREAK = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
_TAB_WIDTH = 4


def plain_text(text: str, *, multiline: bool = False) -> str:
    """Text with nothing a terminal or a viewer would act on: escape sequences removed whole,
    other control and format characters dropped.

    Single-line (the default), every line break and tab becomes a space. ``multiline`` keeps
    line breaks as ``\\n`` (``\\r\\n``, form feeds and Unicode separators included) and turns
    each tab into spaces, which keep their width on any screen.
    """
    if text.isprintable():  # the common case, checked at C speed
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    if multiline:
        text = _LINE_BREAK.sub("\n", text).replace("\t", " " * _TAB_WIDTH)
        return _CONTROL_BUT_NEWLINE.sub("", text)
    return _CONTROL.sub("", _SINGLE_LINE_BREAK.sub(" ", text))


def one_line(text: str) -> str:
    """:func:`plain_text` on one line, runs of blank space as one space, trimmed."""
    return " ".join(plain_text(text).split())


def escape_markup(text: str) -> str:
    """Escape every ``[`` so that Textual's markup shows the text exactly as it was.

    Textual reads ``\\[`` as a literal bracket and leaves every other backslash alone, so this is
    lossless for Textual's markup (a property test checks it against Textual's own parser), which
    is what border titles, labels and notifications parse.
    """
    return text.replace("[", "\\[")


def markup_text(text: str, *, multiline: bool = False) -> str:
    """:func:`plain_text`, markup-escaped: safe to hand to anything that parses markup."""
    return escape_markup(plain_text(text, multiline=multiline))


def shorten(
    text: str, limit: int, *, max_lines: int | None = None, what: str = "characters"
) -> str:
    """``text`` whole if it has at most ``limit`` characters (and ``max_lines`` lines), else its
    start and a last line saying how many characters were left out. Costs the same for 10 MB as
    for 10 kB: only the start is looked at."""
    cut = limit
    if max_lines is not None:
        end = -1
        for _ in range(max_lines):
            end = text.find("\n", end + 1, cut)
            if end < 0:
                break
        else:
            cut = end
    if len(text) <= cut:
        return text
    left_out = len(text) - cut
    return f"{text[:cut].rstrip()}\n… {left_out:,} more {what}"


def html_escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as entities: no tag, comment or entity can start or end in the
    text (a ``-->`` in a note would otherwise end a comment around it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_unescape(text: str) -> str:
    """Undo :func:`html_escape` (and the ``--&gt;`` of :func:`markdown_inline`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def markdown_text(text: str, *, multiline: bool = False) -> str:
    """:func:`plain_text` with HTML neutralised: for text the team wrote in Markdown (notes),
    whose emphasis and links stay, but which can open no tag and end no comment."""
    return html_escape(plain_text(text, multiline=multiline))


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HTML_OPENER = re.compile(r"<(?=[A-Za-z/!?])|-->")


def markdown_inline(text: str) -> str:
    """One line of checklist Markdown (an item's text, a title) made safe for an export.

    Outside code spans, whatever could start HTML (``<tag``, ``</``, ``<!--``) or close a
    comment (``-->``) is written with entities; code spans, links and emphasis stay as written.
    """
    text = one_line(text)
    out, last = [], 0
    for span in _CODE_SPAN.finditer(text):
        out.append(_HTML_OPENER.sub(_entity, text[last : span.start()]))
        out.append(span.group())
        last = span.end()
    out.append(_HTML_OPENER.sub(_entity, text[last:]))
    return "".join(out)


def _entity(match: re.Match[str]) -> str:
    return "&lt;" if match.group() == "<" else "--&gt;"


# Surrogates are left alone: TOML has no escape for them (the writer refuses them instead).
# Newlines and tabs are tomli_w's own layout (tomli_w escapes them inside strings): leaving them
# out of the class keeps the substitution from calling back on every line of a large file.
_TOML_ESCAPED = re.compile(
    "[\x00-\x08\x0b-\x1f" + _DROPPED_ABOVE_C0.replace(chr(0xD800) + "-" + chr(0xDFFF), "") + "]"
)


def toml_text(document: str) -> str:
    """A TOML document whose strings show no live character: each control or format character
    left raw by the writer (C1 controls, bidi, zero-width, separators) as a ``\\uXXXX`` escape.

    Only for documents whose non-ASCII characters all sit in basic ("…") strings, as tomli_w
    writes them; tomli_w already escapes C0 controls and DEL. TOML reads the escapes back as the
    very same characters, so the stored text stays raw.
    """
    if document.isascii():
        return document
    return _TOML_ESCAPED.sub(_toml_escape, document)


def _toml_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\n\t":  # tomli_w's own layout (multi-line output), never inside a string
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
