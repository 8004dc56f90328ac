"""CI formats of ``launchtui probe``: JUnit XML of the JUnit schema's shape, GitHub annotations.

The real command against the real test sites (Django over hypercorn), and the real report code
with real findings for what a site cannot be made to send (characters XML 1.0 forbids).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from launchtui.catalog import load_bundled
from launchtui.probes import Finding, Verdict
from launchtui.probes.ci import github_annotations, render_junit
from launchtui.probes.report import aggregate
from launchtui.state import ItemStatus, StateStore
from tests.probes_http.conftest import Site
from tests.probes_http.test_command import probe

CATALOG = load_bundled()


def _check_junit_shape(document: str) -> ET.Element:
    """The structure the JUnit XML schema requires; returns the one testsuite."""
    root = ET.fromstring(document)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert len(suites) == 1
    suite = suites[0]
    for attribute in ("name", "tests", "failures", "errors", "skipped", "time", "timestamp"):
        assert attribute in suite.attrib, attribute
    cases = suite.findall("testcase")
    assert int(suite.get("tests", "")) == len(cases) > 0
    failures = skipped = 0
    for case in cases:
        assert {"classname", "name", "time"} <= set(case.attrib), case.attrib
        float(case.get("time", ""))
        outcome = [child.tag for child in case if child.tag in ("failure", "skipped", "error")]
        assert len(outcome) <= 1, outcome
        if outcome == ["failure"]:
            failures += 1
            assert case.find("failure").get("message")  # type: ignore[union-attr]
        elif outcome == ["skipped"]:
            skipped += 1
    assert int(suite.get("failures", "")) == failures
    assert int(suite.get("skipped", "")) == skipped
    assert float(suite.get("time", "")) >= 0
    return suite


def _case(suite: ET.Element, item_id: str) -> ET.Element:
    found = [c for c in suite.findall("testcase") if c.get("name", "").endswith(f"[{item_id}]")]
    assert len(found) == 1, item_id
    return found[0]


def test_junit_of_a_failing_site(bad_site: Site, tmp_path: Path) -> None:
    state = tmp_path / "state.toml"
    StateStore.open(state, CATALOG).save()  # an empty state, then one item marked N/A
    store = StateStore.open(state, CATALOG)
    store.set_status("settings-hsts", ItemStatus.SKIPPED)
    store.save()
    done = probe(*bad_site.cli_args(), "--format", "junit", "--state", str(state), "--no-save")
    assert done.returncode == 1, done.stderr
    suite = _check_junit_shape(done.stdout)
    assert suite.get("name", "").startswith("launchtui probe: https://")
    debug = _case(suite, "settings-debug")
    assert debug.get("classname") == "Django Settings"
    assert debug.get("name") == "Guarantee `DEBUG = False` [settings-debug]"
    failure = debug.find("failure")
    assert failure is not None and failure.get("type") == "fail" and failure.get("message")
    hsts = _case(suite, "settings-hsts")  # N/A: skipped, whatever the probe said
    skipped = hsts.find("skipped")
    assert skipped is not None and "not applicable" in skipped.get("message", "")
    assert hsts.find("failure") is None
    assert int(suite.get("failures", "")) >= 1


def test_a_warning_fails_only_under_fail_on_warn() -> None:
    findings = [
        Finding("settings-hsts", Verdict.WARN, "max-age=300 is short", "http.hsts"),
        Finding("settings-debug", Verdict.PASS, "no debug page", "http.debug"),
        Finding("seo-robots-txt", Verdict.UNKNOWN, "timed out after 5 s", "http.robots"),
    ]
    results = aggregate(findings, CATALOG)
    suite = _check_junit_shape(render_junit("https://shop.test/", results))
    hsts = _case(suite, "settings-hsts")
    assert hsts.find("failure") is None
    assert "max-age=300 is short" in (hsts.findtext("system-out") or "")
    robots = _case(suite, "seo-robots-txt").find("skipped")
    assert robots is not None and robots.get("message") == "timed out after 5 s"
    assert suite.get("failures") == "0" and suite.get("skipped") == "1"
    strict = _check_junit_shape(render_junit("https://shop.test/", results, fail_on=Verdict.WARN))
    failure = _case(strict, "settings-hsts").find("failure")
    assert failure is not None and failure.get("type") == "warn"
    assert strict.get("failures") == "1"


def test_junit_text_is_xml_safe_and_hostile_text_safe() -> None:
    hostile = 'a\x00b\x1b]0;pwned\x07c <tag attr="x"> & ]]> \ufffe\x0bd'
    results = aggregate([Finding("settings-debug", Verdict.FAIL, hostile, "http.x")], CATALOG)
    document = render_junit("https://shop.test/\x1b[31m", results)
    suite = _check_junit_shape(document)  # parses: nothing XML 1.0 forbids
    message = _case(suite, "settings-debug").find("failure").get("message")  # type: ignore[union-attr]
    assert message is not None
    assert "\x1b" not in document and "\x00" not in document and "\x07" not in document
    assert '<tag attr="x"> & ]]>' in message  # shown as it reads, escaped in the file
    assert "&lt;tag attr=" in document


def test_github_annotations_in_actions_only(bad_site: Site) -> None:
    plain = probe(*bad_site.cli_args(), "--no-save", env={"GITHUB_ACTIONS": ""})
    assert "::error" not in plain.stdout
    done = probe(*bad_site.cli_args(), "--no-save", env={"GITHUB_ACTIONS": "true"})
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert any(
        line.startswith("::error title=launchtui probe%3A Guarantee `DEBUG = False`::")
        and line.endswith("(item settings-debug)")
        for line in lines
    ), lines
    assert all(line.startswith(("::error title=", "::warning title=")) for line in lines)


def test_workflow_command_escaping() -> None:
    findings = [
        Finding("settings-debug", Verdict.FAIL, "100% sure: a, b\r\n::set-env x", "http.x"),
        Finding("settings-hsts", Verdict.WARN, "short", "http.hsts"),
        Finding("settings-ssl-redirect", Verdict.PASS, "301", "http.redirect"),
    ]
    results = aggregate(findings, CATALOG)
    lines = github_annotations(results, not_applicable={"settings-hsts"})
    assert lines == [
        "::error title=launchtui probe%3A Guarantee `DEBUG = False`::"
        "100%25 sure: a, b ::set-env x (item settings-debug)"
    ]
    (title,) = [line.split("::")[1] for line in github_annotations(results)[1:]]
    assert title == "warning title=launchtui probe%3A Set HTTP Strict Transport Security"


def test_junit_and_annotations_of_launchtui_project(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    project = Path(__file__).parent.parent / "projects" / "data" / "sloppy"
    args = [sys.executable, "-m", "launchtui", "project", str(project), "--no-save"]
    args += ["--state", str(tmp_path / "s.toml")]
    env = {**os.environ, "NO_COLOR": "1"}

    def run(*extra: str, **more: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*args, *extra], capture_output=True, text=True, timeout=120, env={**env, **more}
        )

    done = run("--format", "junit")
    assert done.returncode == 1, done.stderr
    suite = _check_junit_shape(done.stdout)
    assert suite.get("name", "").startswith("launchtui project: ")
    assert int(suite.get("failures", "")) >= 1
    annotated = run(GITHUB_ACTIONS="true")
    assert any(
        line.startswith("::error title=launchtui project%3A ")
        for line in annotated.stdout.splitlines()
    ), annotated.stdout[-2000:]
