"""Text launchtui did not write, made safe where it is rendered; evidence and error text."""

from __future__ import annotations

import ssl
import sys
import tomllib
import unicodedata

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content

from launchtui.probes.text import error_text, evidence_text
from launchtui.text_safety import (
    _CONTROL,
    escape_markup,
    html_escape,
    html_unescape,
    markdown_inline,
    markup_text,
    one_line,
    plain_text,
    shorten,
    toml_text,
)

# What must never come out of a renderer: any control or format character.
LIVE = ("Cc", "Cf", "Cs", "Zl", "Zp")
HOSTILE = (
    "[bold]x[/] \x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b]52;c;SGVsbG8=\x07 \x9b2J \x9d0;t\x9c"
    " \x1bP1$r\x1b\\ a\u202eb\u2066c\u2069\u200bd\ufeff \r\nnext\u2028line\tend \x1b7 \x1b"
)


def live(text: str, *, newlines: bool = False) -> list[str]:
    allowed = "\n\t" if newlines else ""
    return [c for c in text if unicodedata.category(c) in LIVE and c not in allowed]


def test_every_control_and_format_character_python_knows_is_dropped() -> None:
    missing = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) in LIVE and not _CONTROL.match(chr(cp))
    ]
    assert missing == []


def test_escape_sequences_are_removed_whole_and_nothing_live_is_left() -> None:
    assert plain_text(HOSTILE) == "[bold]x[/] red      abcd  next line end  "
    assert plain_text(HOSTILE, multiline=True) == "[bold]x[/] red      abcd \nnext\nline    end  "
    assert live(plain_text(HOSTILE)) == []
    assert live(plain_text(HOSTILE, multiline=True), newlines=True) == []
    assert one_line(HOSTILE) == "[bold]x[/] red abcd next line end"


@settings(max_examples=300)
@given(st.text())
def test_no_text_leaves_anything_live(text: str) -> None:
    assert live(plain_text(text)) == []
    assert "\t" not in plain_text(text, multiline=True)
    assert live(plain_text(text, multiline=True), newlines=True) == []
    assert "\x1b" not in markup_text(text)


@given(st.text(st.characters(exclude_categories=LIVE)))
def test_clean_text_passes_unchanged(text: str) -> None:
    assert plain_text(text) == text


@given(st.text(st.characters(exclude_categories=LIVE)))
def test_escaped_text_reads_back_exactly_in_textual(text: str) -> None:
    assert Content.from_markup(escape_markup(text)).plain == text


def test_markup_that_would_act_or_crash_is_shown_literally() -> None:
    for text in ("[@click=app.quit]x[/]", "[/admin]", "[link=https://x.example]y[/link]", "[b"):
        assert Content.from_markup(markup_text(text)).plain == text


@given(st.text())
def test_toml_text_reads_back_as_the_same_text_with_nothing_live_written(text: str) -> None:
    text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    document = toml_text(tomli_w.dumps({"note": text, text: {"x": 1}}))
    assert tomllib.loads(document) == {"note": text, text: {"x": 1}}
    assert live(document, newlines=True) == []


def test_markdown_inline_keeps_code_spans_and_neutralises_html() -> None:
    text = "Use `<meta name=x>` <script>alert(1)</script> <!-- c --> a < b & c"
    assert markdown_inline(text) == (
        "Use `<meta name=x>` &lt;script>alert(1)&lt;/script> &lt;!-- c --&gt; a < b & c"
    )
    assert html_escape("a <b> & -->") == "a &lt;b&gt; &amp; --&gt;"
    assert html_unescape(html_escape("a <b> & --> &gt; &amp;lt;")) == "a <b> & --> &gt; &amp;lt;"


def test_shorten_says_how_much_was_left_out() -> None:
    assert shorten("short", 10) == "short"
    assert shorten("x" * 5000, 100) == "x" * 100 + "\n… 4,900 more characters"
    assert shorten("a\nb\nc\nd", 100, max_lines=2) == "a\nb\n… 4 more characters"
    assert shorten("a\nb", 100, max_lines=2) == "a\nb"


def test_evidence_is_clean_raw_text_bounded_in_length() -> None:
    assert evidence_text(HOSTILE) == "[bold]x[/] red abcd next line end"
    assert len(evidence_text("x" * 5000, limit=100)) == 100
    assert evidence_text("a\n\x1b[1mb\n", keep_newlines=True) == "a\nb"


def test_error_text_drops_openssls_source_marker() -> None:
    error = ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)")
    assert error_text(error) == "[SSL: WRONG_VERSION_NUMBER] wrong version number"
    assert error_text("timed   out\n") == "timed out"
