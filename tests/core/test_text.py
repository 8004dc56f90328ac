"""Text from probed sites and from errors, made safe and short for evidence."""

from __future__ import annotations

import ssl

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content

from launchtui.probes.text import error_text, escape_markup, safe_text, unescape_markup


@given(st.text(st.characters(exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn"))))
def test_escaped_text_reads_back_exactly_in_textual_and_in_plain_outputs(text: str) -> None:
    escaped = escape_markup(text)  # as safe_text leaves it: no control characters
    assert Content.from_markup(escaped).plain == text
    assert unescape_markup(escaped) == text


def test_safe_text_strips_control_and_bidi_characters_and_bounds_length() -> None:
    hostile = "[bold]x[/] \x1b[31mred\x1b]0;title\x07 a\u202eb\u200bc\r\nnext"
    assert safe_text(hostile) == "\\[bold]x\\[/] \\[31mred]0;title abc next"
    assert len(safe_text("x" * 5000, limit=100)) == 100


def test_error_text_drops_openssls_source_marker() -> None:
    error = ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)")
    assert error_text(error) == "[SSL: WRONG_VERSION_NUMBER] wrong version number"
    assert error_text("timed   out\n") == "timed out"
