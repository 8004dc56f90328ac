"""Replace a file's text atomically while keeping the file's identity.

A crash leaves either the old or the new file, never a torn one (temporary file beside the target,
flush + fsync, ``os.replace``, fsync of the folder). What makes the file *this* file survives the
replacement: a symlink is written through to its target (the link stays a link), and an existing
file keeps its mode and, where the owner may set it, its group. A new file gets the mode the
process umask gives, without the umask ever being changed (it is process-wide state).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def real_path(path: Path) -> Path:
    """The file ``path`` names once every symlink is followed (``path`` itself if none)."""
    return Path(os.path.realpath(path))


def atomic_write(path: Path, text: str) -> None:
    """Replace the file at ``path`` (or its symlink's target) with ``text``, UTF-8, LF line ends.

    The folder must exist. Raises ``OSError`` (the file is then unchanged).
    """
    target = real_path(path)
    try:
        existing: os.stat_result | None = target.stat()
    except FileNotFoundError:
        existing = None
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # 0o666 as asked for by open(): the kernel applies the umask, as for any new file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            if existing is not None:
                os.chmod(handle.fileno(), existing.st_mode & 0o7777)
                with contextlib.suppress(OSError):  # only a member of the group may set it
                    os.chown(handle.fileno(), -1, existing.st_gid)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
