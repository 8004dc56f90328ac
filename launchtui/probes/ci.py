"""A run's results for CI systems: a JUnit XML report, and GitHub Actions workflow commands.

JUnit: one ``<testsuite>`` (inside ``<testsuites>``, as pytest and most tools write it) with one
``<testcase>`` per judged item — ``classname`` the section, ``name`` the item's title with its id.
A failure is a ``<failure>`` with the evidence as its message; a warning is one only when the run
fails on warnings (``--fail-on warn``), else the case passes with the evidence in
``<system-out>``; an unknown verdict and an item the team marked not applicable are
``<skipped>`` with the reason. CI systems (GitLab, Jenkins, GitHub test reporters) render this.

GitHub Actions: ``::error``/``::warning`` lines for failing and warning items, which the runner
turns into annotations on the run and the pull request.

Every text launchtui did not write (titles, evidence, the target) passes through
:func:`launchtui.text_safety.one_line` (escape sequences, control and format characters gone),
then through the sink's own escaping: XML escapes by ElementTree after the characters XML 1.0
forbids are dropped, workflow-command escapes for GitHub.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterable, Mapping
from urllib.parse import urlsplit

from launchtui.probes.model import Verdict
from launchtui.probes.report import ItemResult
from launchtui.text_safety import one_line

# XML 1.0 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text on one clean line with no character XML 1.0 forbids (ElementTree escapes the rest)."""
    return _XML_FORBIDDEN.sub("", one_line(text))


def counts_as_failure(result: ItemResult, fail_on: Verdict) -> bool:
    """Whether a judged (not N/A) result is bad enough to fail: a warning only when ``fail_on``
    is ``warn``; an unknown never (it is skipped: no evidence either way)."""
    if result.verdict is Verdict.UNKNOWN:
        return False
    return result.verdict.rank >= fail_on.rank


def _case_name(result: ItemResult) -> str:
    return f"{xml_text(result.title)} [{xml_text(result.id)}]"


def _testcase(result: ItemResult, fail_on: Verdict, not_applicable: bool) -> tuple[ET.Element, str]:
    """The ``<testcase>`` of one result, and what it is: ``failure``, ``skipped`` or ``passed``."""
    case = ET.Element(
        "testcase", {"classname": xml_text(result.section), "name": _case_name(result), "time": "0"}
    )
    evidence = xml_text(result.evidence)
    said = f"{result.verdict.value}: {evidence}" + (
        f" (probe {xml_text(result.probe)})" if result.probe else ""
    )
    if not_applicable:
        reason = f"marked not applicable by the team; the probes said {said}"
        ET.SubElement(case, "skipped", {"message": reason})
        return case, "skipped"
    if result.verdict is Verdict.UNKNOWN:
        ET.SubElement(case, "skipped", {"message": evidence}).text = said
        return case, "skipped"
    if counts_as_failure(result, fail_on):
        failure = ET.SubElement(case, "failure", {"message": evidence, "type": result.verdict})
        failure.text = said
        return case, "failure"
    ET.SubElement(case, "system-out").text = said
    return case, "passed"


def render_junit(
    target: str,
    results: list[ItemResult],
    *,
    fail_on: Verdict = Verdict.FAIL,
    not_applicable: Collection[str] = (),
    command: str = "probe",
    started: dt.datetime | None = None,
    duration: float = 0.0,
) -> str:
    """The run as a JUnit XML document: one testsuite, one testcase per judged item.

    ``not_applicable`` holds the ids of the items the team marked N/A: reported as skipped.
    """
    started = started or dt.datetime.now(dt.UTC)
    cases: list[ET.Element] = []
    failures = skipped = 0
    for result in results:
        case, outcome = _testcase(result, fail_on, result.id in not_applicable)
        cases.append(case)
        failures += outcome == "failure"
        skipped += outcome == "skipped"
    name = f"launchtui {command}: {xml_text(target)}"
    counts = {
        "tests": str(len(cases)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
        "time": f"{max(duration, 0.0):.3f}",
    }
    root = ET.Element("testsuites", {"name": f"launchtui {command}", **counts})
    suite = ET.SubElement(
        root,
        "testsuite",
        {
            "name": name,
            **counts,
            # The JUnit schema's timestamp is local-free ISO 8601 without an offset: UTC here.
            "timestamp": started.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat(),
            "hostname": xml_text(urlsplit(target).hostname or "") or "localhost",
        },
    )
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", {"name": "target", "value": xml_text(target)})
    ET.SubElement(properties, "property", {"name": "fail-on", "value": fail_on.value})
    suite.extend(cases)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _command_data(text: str) -> str:
    """A workflow command's message, escaped as the Actions runner reads it back."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    """A workflow command's property value: its message escapes, and ``:`` and ``,`` too."""
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(
    results: Iterable[ItemResult], *, not_applicable: Collection[str] = (), command: str = "probe"
) -> list[str]:
    """``::error``/``::warning`` workflow commands for the failing and warning items (those in
    ``not_applicable``, marked N/A by the team, left out).

    One line each: ``::error title=launchtui probe: TITLE::EVIDENCE (item ID)``.
    """
    lines = []
    for result in results:
        if result.id in not_applicable or result.verdict not in (Verdict.FAIL, Verdict.WARN):
            continue
        level = "error" if result.verdict is Verdict.FAIL else "warning"
        title = _command_property(f"launchtui {command}: {one_line(result.title)}")
        message = _command_data(f"{one_line(result.evidence)} (item {one_line(result.id)})")
        lines.append(f"::{level} title={title}::{message}")
    return lines


def in_github_actions(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this runs as a GitHub Actions step (the runner sets ``GITHUB_ACTIONS=true``)."""
    env = os.environ if environ is None else environ
    return env.get("GITHUB_ACTIONS") == "true"
