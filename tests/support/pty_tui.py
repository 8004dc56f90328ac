"""The real program in a pseudo-terminal, for the tests that need what a terminal sees: the
process's exit code, its last bytes on the screen, and the state file it leaves."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
from pathlib import Path
from types import TracebackType

BOUND = 60  # seconds: far beyond "promptly", only so that a regression fails instead of hangs


class TuiInPty:
    """``launchtui --state STATE`` on a 100×30 pty; use it as a context manager."""

    def __init__(self, state: Path) -> None:
        self.state = state
        self.screen = b""
        self.leader, follower = pty.openpty()
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "launchtui", "--state", str(state)],
            stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True,
        )  # fmt: skip
        os.close(follower)

    def __enter__(self) -> TuiInPty:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.kill()
        os.close(self.leader)

    def _read(self, wait: float) -> bool:
        """Add what the program wrote within ``wait`` seconds; False once the pty is closed."""
        if select.select([self.leader], [], [], wait)[0]:
            try:
                self.screen += os.read(self.leader, 65536)
            except OSError:
                return False
        return True

    def wait_until_drawn(self) -> None:
        """Return once the checklist is on the screen: the app runs and takes keys."""
        while b"Production Launch" not in self.screen:
            ready, _, _ = select.select([self.leader], [], [], BOUND)
            assert ready, self.screen[-500:]
            self.screen += os.read(self.leader, 65536)

    def press_until_saved(self, keys: bytes) -> None:
        """Press ``keys`` (a change) and wait for the state file, written once it is saved."""
        os.write(self.leader, keys)
        for _ in range(BOUND * 10):  # the output keeps flowing meanwhile
            if self.state.exists():
                return
            self._read(0.1)

    def press(self, keys: bytes) -> None:
        """Press ``keys`` without waiting for anything."""
        os.write(self.leader, keys)

    def interrupt(self) -> None:
        """Send SIGINT, as ctrl+c in a shell does to the foreground program."""
        self.process.send_signal(signal.SIGINT)

    def wait_for_exit(self) -> int:
        """The exit code, once the program ended (a program that never ends fails the test);
        everything it wrote until then is in :attr:`screen`."""
        for _ in range(BOUND):
            if self.process.poll() is not None:
                break
            if not self._read(1):
                break
        try:  # what is left in the pty after the exit
            while select.select([self.leader], [], [], 0.2)[0]:
                self.screen += os.read(self.leader, 65536)
        except OSError:
            pass
        return self.process.wait(timeout=BOUND)
