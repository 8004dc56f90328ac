"""Read a response body without trusting its size: raw bytes and decoded bytes are both capped.

httpx's own decoders inflate a whole chunk at once, so a small brotli or gzip "bomb" could
allocate gigabytes. Here each chunk is inflated only up to the room left under the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from typing import Protocol


class _BrotliDecompressor(Protocol):
    """What is used of ``brotli.Decompressor`` (brotli ships no type hints)."""

    def process(self, data: bytes, output_buffer_limit: int = ...) -> bytes:
        """Decompress ``data``, at most ``output_buffer_limit`` bytes of it (brotli ≥ 1.2)."""
        ...


class BoundedBody:
    """Accumulates a body decoded from ``Content-Encoding``, stopping at ``limit`` bytes."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        self.truncated = False
        self.undecodable = False
        self._encoding = content_encoding.strip().lower()
        self._zlib: zlib._Decompress | None = None
        self._brotli: _BrotliDecompressor | None = None
        if self._encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self._encoding == "deflate":
            self._zlib = zlib.decompressobj()
        elif self._encoding == "br":
            import brotli  # type: ignore[import-untyped]  # brotli ships no type hints

            self._brotli = brotli.Decompressor()
        elif self._encoding not in ("", "identity"):
            # Not one we asked for (Accept-Encoding: br, gzip, deflate): keep the raw bytes.
            self.undecodable = True

    def feed(self, chunk: bytes) -> None:
        """Decode one raw chunk, keeping at most ``limit`` decoded bytes in total."""
        if self.truncated or not chunk:
            return
        room = self.limit - len(self.data)
        try:
            if self._zlib is not None:
                out = self._inflate(chunk, room)
            elif self._brotli is not None:
                out = self._unbrotli(chunk, room)
            else:
                out = chunk
        except Exception:  # zlib.error, brotli.error: a corrupt body ends the reading
            self.undecodable = self.truncated = True
            return
        if len(out) > room:
            out = out[:room]
            self.truncated = True
        self.data += out

    def _inflate(self, chunk: bytes, room: int) -> bytes:
        assert self._zlib is not None
        try:
            out = self._zlib.decompress(chunk, room + 1)
        except zlib.error:
            if self._encoding != "deflate" or self.data:
                raise
            # Some servers send raw deflate without the zlib header.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._zlib.decompress(chunk, room + 1)
        if self._zlib.unconsumed_tail:
            self.truncated = True
        return out

    def _unbrotli(self, chunk: bytes, room: int) -> bytes:
        assert self._brotli is not None
        try:
            # Past the limit the decoder holds the rest back; feed() then marks truncation.
            return self._brotli.process(chunk, output_buffer_limit=room + 1)
        except TypeError:  # brotli < 1.2 has no output limit; the raw cap still bounds it
            return self._brotli.process(chunk)


async def read_bounded(
    raw_chunks: AsyncIterator[bytes], content_encoding: str, limit: int
) -> BoundedBody:
    """The body of a raw stream, decoded, reading at most ``limit`` raw bytes."""
    body = BoundedBody(content_encoding, limit)
    received = 0
    async for chunk in raw_chunks:
        received += len(chunk)
        if received > limit:
            body.feed(chunk[: max(0, limit - (received - len(chunk)))])
            body.truncated = True
            break
        body.feed(chunk)
        if body.truncated:
            break
    return body
