"""The facts contract: what the runner writes is checked, bounded and stamped for judges."""

from __future__ import annotations

import json

import pytest

from launchtui.probes.project.facts import (
    FACTS_FORMAT,
    MAX_DEPTH,
    MAX_DOCUMENT_CHARS,
    MAX_LIST_ITEMS,
    MAX_STRING_CHARS,
    Facts,
    FactsError,
    facts_to_json,
    failed_run,
    parse_facts,
)
from tests.projects.sample_facts import sample_facts


def _document() -> dict[str, object]:
    document: dict[str, object] = json.loads(facts_to_json(sample_facts()))
    return document


def test_a_full_document_reads_back_as_written() -> None:
    assert parse_facts(facts_to_json(sample_facts())) == sample_facts()


def test_the_caller_names_the_source_not_the_document() -> None:
    document = _document()
    document["source"] = "static"
    facts = parse_facts(json.dumps(document), source="via")
    assert facts.source == "via"
    assert facts.checks is not None and facts.checks.source == "via"
    assert facts.services is not None and facts.services.source == "via"


def test_unknown_keys_are_ignored_so_a_newer_runner_still_reads() -> None:
    document = _document()
    document["future_section"] = {"anything": [1, 2]}
    settings = document["settings"]
    assert isinstance(settings, dict)
    settings["NEW_FACT"] = True
    assert parse_facts(json.dumps(document)) == sample_facts()


def test_sections_not_collected_are_none_never_a_default_pass() -> None:
    facts = parse_facts(json.dumps({"format": FACTS_FORMAT, "settings_module": "x.settings"}))
    assert facts.checks is None and facts.settings is None and facts.secrets is None
    assert facts.ok


def test_a_missing_required_fact_is_an_error_naming_it() -> None:
    document = _document()
    checks = document["checks"]
    assert isinstance(checks, dict)
    del checks["silenced_ids"]
    with pytest.raises(FactsError, match=r"\$\.checks\.silenced_ids: missing"):
        parse_facts(json.dumps(document))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("settings", "debug"), "False", "expected true/false"),
        (("settings", "admins_count"), True, "expected an integer"),
        (("settings", "admins_count"), 2**70, "out of range"),
        (("settings", "allowed_hosts"), "example.org", "expected a list"),
        (("settings", "allowed_hosts"), ["ok", 3], r"allowed_hosts\[1\]: expected a string"),
        (("checks", "messages"), [{"id": "x"}], r"messages\[0\]\.level: missing"),
        (("services", "redis"), [{"status": "fine"}], "missing|not one of"),
        (("error",), {"kind": "oops", "message": "m"}, "not one of"),
        (("settings", "values"), {"X": {"nested": 1}}, "unexpected an object"),
    ],
)
def test_a_value_of_the_wrong_type_is_an_error_naming_where(
    path: tuple[str, ...], value: object, message: str
) -> None:
    document = _document()
    target: dict[str, object] = document
    for key in path[:-1]:
        child = target[key]
        assert isinstance(child, dict)
        target = child
    target[path[-1]] = value
    with pytest.raises(FactsError, match=message):
        parse_facts(json.dumps(document))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"format": 99}', "format is 99"),
        ('{"settings_module": "x"}', "format is None"),
        ('{"format": 1, "settings_module": "x", "printed_chars": NaN}', "not JSON"),
        ('{"format": 1, "settings_module": "x", "printed_chars": 1' + "0" * 5000 + "}", "not JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply|not a JSON object"),
    ],
)
def test_what_is_not_a_facts_document_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(FactsError, match=message):
        parse_facts(text)


def test_size_depth_and_list_limits() -> None:
    with pytest.raises(FactsError, match="characters"):
        parse_facts(" " * (MAX_DOCUMENT_CHARS + 1))
    deep: object = "x"
    for _ in range(MAX_DEPTH + 1):
        deep = {"k": deep}
    with pytest.raises(FactsError, match="nested deeper"):
        parse_facts(json.dumps({"format": FACTS_FORMAT, "settings_module": "s", "extra": deep}))
    document = _document()
    settings = document["settings"]
    assert isinstance(settings, dict)
    settings["allowed_hosts"] = ["h"] * (MAX_LIST_ITEMS + 1)
    with pytest.raises(FactsError, match="items"):
        parse_facts(json.dumps(document))


def test_strings_lose_control_characters_and_are_bounded() -> None:
    document = _document()
    checks = document["checks"]
    assert isinstance(checks, dict)
    messages = checks["messages"]
    assert isinstance(messages, list)
    messages[0]["msg"] = "\x1b]52;c;payload\x07bad\x1b[2J" + "y" * (MAX_STRING_CHARS * 2)
    messages[0]["hint"] = "line\nbreak\u202e"
    facts = parse_facts(json.dumps(document))
    assert facts.checks is not None
    message = facts.checks.messages[0]
    assert "\x1b" not in message.msg and "\x07" not in message.msg
    assert len(message.msg) == MAX_STRING_CHARS
    assert message.hint == "line break"


def test_level_names_follow_djangos_numbers() -> None:
    facts = sample_facts()
    assert facts.checks is not None
    assert facts.checks.messages[0].level_name == "WARNING"


def test_a_failed_run_has_its_reason_and_no_sections() -> None:
    facts = failed_run("runner", "timeout", "ran for more than 60 s\x1b[0m", settings_module="s")
    assert not facts.ok
    assert facts.error is not None and facts.error.message == "ran for more than 60 s"
    assert facts.settings is None
    assert isinstance(parse_facts(facts_to_json(facts)), Facts)
    assert parse_facts(facts_to_json(facts)) == facts
