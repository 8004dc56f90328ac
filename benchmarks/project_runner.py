"""Benchmark the project runner tier against ``python manage.py check --deploy`` alone.

Both run the test project ``tests/projects/data/runner_shop`` (copied to a temporary git
checkout) with its production settings, in the same interpreter (this one, which has Django)
and the same environment file. A is launchtui's whole runner tier as the command runs it:
choose the interpreter, start it with the minimal environment, ``django.setup()``, every system
check with the deployment ones, every derived fact, the services section (skipped: no Redis or
PostgreSQL client here), reading the facts back and comparing the secret digests with the
tracked files. B is ``python manage.py check --deploy`` with the same settings and environment.
They run in turn (A B A B …) so the machine's drift hits both; the ratio is taken pair by pair.

Prints the median of each and the median ratio (target: ≤ 1.2).

Run: ``python benchmarks/project_runner.py [ROUNDS]``; ``--once runner|check`` runs one side once
(for an outside timer).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from launchtui.probes.project.execute import minimal_environment, parse_env_file, run_project

DATA = Path(__file__).resolve().parent.parent / "tests" / "projects" / "data" / "runner_shop"
SETTINGS = "config.settings.production"
KEY = "bench-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"


def prepare(folder: Path) -> tuple[Path, Path]:
    """The test project as a git checkout, and an env file with its secret."""
    root = folder / "shop"
    shutil.copytree(DATA, root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    env_file = folder / "production.env"
    env_file.write_text(f"DJANGO_SECRET_KEY={KEY}\n")
    return root, env_file


def run_runner(root: Path, env_file: Path) -> float:
    start = time.perf_counter()
    run = run_project(root, settings_module=SETTINGS, python=sys.executable, env_file=env_file)
    elapsed = time.perf_counter() - start
    if not run.facts.ok or run.facts.checks is None:
        raise SystemExit(f"the runner did not run: {run.facts.error}")
    return elapsed


def run_check(root: Path, env_file: Path) -> float:
    env = minimal_environment(parse_env_file(env_file), SETTINGS)
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-B", "manage.py", "check", "--deploy", "--no-color"],
        cwd=root,
        env=env,
        capture_output=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if b"System check identified" not in completed.stderr + completed.stdout:
        raise SystemExit(f"check --deploy did not run: {completed.stderr[-500:]!r}")
    return elapsed


def main() -> None:
    """Alternate the two and print medians and the paired ratio."""
    args = sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="launchtui-bench-") as folder:
        root, env_file = prepare(Path(folder))
        if args[:1] == ["--once"]:
            side = args[1] if len(args) > 1 else "runner"
            (run_runner if side == "runner" else run_check)(root, env_file)
            return
        rounds = int(args[0]) if args else 10
        run_runner(root, env_file)  # warm the file cache for both
        run_check(root, env_file)
        runner_times, check_times, ratios = [], [], []
        for _ in range(rounds):
            a = run_runner(root, env_file)
            b = run_check(root, env_file)
            runner_times.append(a)
            check_times.append(b)
            ratios.append(a / b)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {rounds} rounds")
    print(f"runner tier (launchtui)        median {statistics.median(runner_times) * 1000:7.1f} ms")
    print(f"manage.py check --deploy       median {statistics.median(check_times) * 1000:7.1f} ms")
    print(
        f"ratio runner / check --deploy  median {statistics.median(ratios):7.2f}×  (target ≤ 1.2×)"
    )


if __name__ == "__main__":
    main()
