"""Evidence text: what a probe quotes from a site, bounded and without control characters.

Probes pass raw text; :class:`~launchtui.probes.model.Finding` passes it through
:func:`evidence_text` once. It is stored as it reads (no markup escapes): each renderer makes
it safe for its own sink with :mod:`launchtui.text_safety`.
"""

from __future__ import annotations

import re

from launchtui.text_safety import one_line, plain_text


def evidence_text(text: str, *, limit: int = 2000, keep_newlines: bool = False) -> str:
    """Control characters and escape sequences stripped, length bounded; one line unless
    ``keep_newlines``."""
    cleaned = plain_text(text, multiline=True).strip() if keep_newlines else one_line(text)
    if len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


_OPENSSL_SOURCE = re.compile(r"\s*\(_ssl\.c:\d+\)")


def error_text(error: object) -> str:
    """An error as one line of evidence, without OpenSSL's "(_ssl.c:1006)" (where, not why)."""
    text = _OPENSSL_SOURCE.sub("", " ".join(str(error).split()))
    return text or type(error).__name__
