"""The project tests run launchtui on test projects in subprocesses that inherit this process's
environment, as a production shell would (``--via``)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_settings_module_from_other_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Drop a ``DJANGO_SETTINGS_MODULE`` another test left in this worker's environment.

    The probe tests' Django site (tests/support/django_site.py) sets it when imported; under
    pytest-xdist such a test may have run earlier in the same worker, and a ``--via`` run, where
    production's own variable wins, would then load the test site's settings instead of the
    project's.
    """
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
