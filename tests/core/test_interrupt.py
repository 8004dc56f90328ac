"""Ctrl+C (SIGINT) ends launchtui promptly with exit code 130, no traceback, a valid state file.

Each test runs the real program in a subprocess and sends the signal at a known point: while
the program is still importing, while a probe waits on a site that never answers, and while
a file is being written. No timing is asserted; a generous bound only keeps a hang from hanging
the suite.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support.pty_tui import TuiInPty

BOUND = 60  # seconds: far beyond "promptly", only so that a regression fails instead of hangs


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=False,
    )


# The program, started as the console script starts it, sends itself SIGINT the moment it
# begins to import the given module: a signal that lands in the middle of the first imports.
_INTERRUPT_DURING_IMPORT = """
import os, signal, sys
module = sys.argv[1]
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == module:
            os.kill(os.getpid(), signal.SIGINT)
        return None
sys.meta_path.insert(0, Interrupt())
sys.argv = ["launchtui", *sys.argv[2:]]
from launchtui.__main__ import entry
entry()
"""


@pytest.mark.parametrize("module", ["launchtui.cli", "argparse", "launchtui.catalog", "httpx"])
def test_sigint_during_the_first_imports_exits_130_without_a_traceback(
    module: str, tmp_path: Path
) -> None:
    state = tmp_path / "state.toml"
    # Pinned to a closed loopback port: should the signal be missed, nothing leaves the machine.
    args = ["probe", "https://x.test:1/", "--resolve", "x.test:127.0.0.1", "--only", "http"]
    done = _run(_INTERRUPT_DURING_IMPORT, module, *args, "--state", str(state))
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr
    assert done.stderr.strip() == "launchtui: interrupted"


def test_sigint_while_a_probe_waits_on_a_silent_site_ends_it_at_once(tmp_path: Path) -> None:
    state = tmp_path / "state.toml"
    state.write_text('schema = 1\n\n[target]\nurl = "https://keep.test/"\n')
    before = state.read_bytes()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        pins = [a for n in ("silent.test", "www.silent.test", "api.silent.test")
                for a in ("--resolve", f"{n}:127.0.0.1")]  # fmt: skip
        process = subprocess.Popen(
            [sys.executable, "-m", "launchtui", "probe", f"https://silent.test:{port}/", *pins,
             "--only", "http", "--timeout", "300", "--state", str(state)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        listener.settimeout(BOUND)
        connection, _ = listener.accept()  # the probe is now waiting for the site's answer
        with connection:
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=BOUND)
    assert process.returncode == 130, err
    assert "Traceback" not in err and err.strip() == "launchtui: interrupted"
    assert state.read_bytes() == before  # nothing recorded, the file as it was
    tomllib.loads(state.read_text())


_INTERRUPT_DURING_A_WRITE = """
import os, signal, sys
from pathlib import Path
from launchtui.commands import interrupt
interrupt.install()
path = Path(sys.argv[1])
with interrupt.writing():
    os.kill(os.getpid(), signal.SIGINT)
    path.write_text("whole = true\\n")
    print("written", flush=True)
print("never reached")
"""


def test_sigint_during_a_write_waits_for_the_file_to_be_whole(tmp_path: Path) -> None:
    path = tmp_path / "out.toml"
    done = _run(_INTERRUPT_DURING_A_WRITE, str(path))
    assert done.returncode == 130
    assert done.stdout == "written\n"
    assert tomllib.loads(path.read_text()) == {"whole": True}


def test_sigint_to_the_tui_quits_it_cleanly_with_130(tmp_path: Path) -> None:
    state = tmp_path / "state.toml"
    with TuiInPty(state) as tui:
        tui.wait_until_drawn()
        tui.press_until_saved(b" ")  # tick the first item; it is saved right after the redraw
        tui.interrupt()
        returncode = tui.wait_for_exit()
    screen = tui.screen
    assert returncode == 130
    assert b"Traceback" not in screen
    assert b"\x1b[?1049l" in screen  # Textual left the alternate screen: the terminal restored
    saved = tomllib.loads(state.read_text())
    assert [table["status"] for table in saved["items"].values()] == ["done"]
