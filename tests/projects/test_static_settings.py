"""The static settings reader: a settings chain read as Python syntax, never run."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from launchtui.probes.project.discover import choose_settings, find_project, settings_default
from launchtui.probes.project.static.deploy import read_deploy
from launchtui.probes.project.static.files import list_files
from launchtui.probes.project.static.settings import read_settings
from launchtui.probes.project.static.values import Kind


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    return root


def chain_of(tmp_path: Path, files: dict[str, str], module: str = "conf.settings.production"):
    base = {"conf/__init__.py": "", "conf/settings/__init__.py": ""}
    return read_settings(write(tmp_path, {**base, **files}), module)


def test_star_import_chain_augmented_assignment_and_appends(tmp_path: Path) -> None:
    chain = chain_of(
        tmp_path,
        {
            "conf/settings/base.py": """
                MIDDLEWARE = ["a.A"]
                APPS = ["x"]
                INSTALLED_APPS = APPS + ["y"]
                SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
            """,
            "conf/settings/production.py": """
                from .base import *
                MIDDLEWARE += ["b.B"]
                MIDDLEWARE.insert(0, "first.F")
                INSTALLED_APPS.append("z")
            """,
        },
    )
    assert chain.files == ["conf/settings/production.py", "conf/settings/base.py"]
    assert chain.get("MIDDLEWARE").value == ["first.F", "a.A", "b.B"]
    assert chain.get("INSTALLED_APPS").value == ["x", "y", "z"]
    assert chain.get("SECURE_HSTS_SECONDS").value == 31536000
    assert chain.get("SECURE_HSTS_SECONDS").where() == "conf/settings/base.py:5"


def test_environment_reads_of_every_flavour_are_env_values(tmp_path: Path) -> None:
    chain = chain_of(
        tmp_path,
        {
            "conf/settings/base.py": """
                import os
                import environ
                from decouple import config
                env = environ.Env()
            """,
            "conf/settings/production.py": """
                import os
                from os import getenv
                from .base import *
                from .base import env
                DEBUG = env.bool("DJANGO_DEBUG", default=False)
                SECRET_KEY = env("DJANGO_SECRET_KEY")
                ALLOWED_HOSTS = env.list("HOSTS", default=["a.org"])
                EMAIL_HOST = os.environ["EMAIL_HOST"]
                EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
                SERVER_EMAIL = getenv("SERVER_EMAIL", "root@localhost")
                API_TOKEN = config("API_TOKEN", default="")
                SSL = os.environ.get("SSL", "0") == "1"
            """,
        },
    )
    debug = chain.get("DEBUG")
    assert (debug.kind, debug.env_name, debug.default.value) == (Kind.ENV, "DJANGO_DEBUG", False)
    assert chain.get("SECRET_KEY").kind is Kind.ENV
    assert chain.get("SECRET_KEY").default is None
    assert chain.get("ALLOWED_HOSTS").literal_values() == [["a.org"]]
    assert chain.get("EMAIL_HOST").env_name == "EMAIL_HOST"
    assert chain.get("EMAIL_PORT").env_name == "EMAIL_PORT"
    assert chain.get("SERVER_EMAIL").literal_values() == ["root@localhost"]
    assert chain.get("API_TOKEN").env_name == "API_TOKEN"
    assert chain.get("SSL").from_env
    for name in ("DEBUG", "SECRET_KEY", "EMAIL_HOST", "SSL"):
        assert not chain.get(name).is_literal, name


def test_branches_make_conditional_values_and_item_assignments_are_tracked(tmp_path: Path) -> None:
    chain = chain_of(
        tmp_path,
        {
            "conf/settings/production.py": """
                import os
                DATABASES = {"default": {"ENGINE": "x"}}
                DATABASES["default"]["ATOMIC_REQUESTS"] = True
                if os.environ.get("CI"):
                    DEBUG = True
                try:
                    from .local import *
                except ImportError:
                    pass
                X_FRAME_OPTIONS = "DENY"
            """,
        },
    )
    debug = chain.get("DEBUG")
    assert debug.kind is Kind.CONDITIONAL
    assert True in debug.literal_values()
    assert chain.item("DATABASES", "default", "ATOMIC_REQUESTS").value is True
    assert chain.get("X_FRAME_OPTIONS").value == "DENY"


def test_unset_settings_take_djangos_default_unless_the_chain_is_opaque(tmp_path: Path) -> None:
    plain = chain_of(tmp_path / "a", {"conf/settings/production.py": "DEBUG = False\n"})
    assert plain.get("DEFAULT_FROM_EMAIL").kind is Kind.UNSET
    assert plain.get("DEFAULT_FROM_EMAIL").value == "webmaster@localhost"
    opaque = chain_of(
        tmp_path / "b",
        {
            "conf/settings/production.py": """
                from split_settings.tools import include
                include("components/*.py")
            """
        },
    )
    assert opaque.opaque
    assert opaque.get("DEFAULT_FROM_EMAIL").kind is Kind.UNKNOWN


def test_a_star_import_from_outside_the_project_is_opaque(tmp_path: Path) -> None:
    chain = chain_of(tmp_path, {"conf/settings/production.py": "from somepkg.settings import *\n"})
    assert "somepkg.settings" in chain.opaque[0]
    assert chain.get("DEBUG").kind is Kind.UNKNOWN


def test_import_cycles_and_syntax_errors_do_not_crash(tmp_path: Path) -> None:
    chain = chain_of(
        tmp_path,
        {
            "conf/settings/production.py": "from .base import *\nDEBUG = False\n",
            "conf/settings/base.py": "from .production import *\nX = (\n",
        },
    )
    assert chain.get("DEBUG").value is False
    assert any("cannot be read" in e for e in chain.errors)


SETDEFAULT = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{}")\n'


def test_settings_discovery_prefers_wsgi_over_manage_py(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "manage.py": SETDEFAULT.format("c.local"),
            "c/__init__.py": "",
            "c/local.py": "DEBUG = True\n",
            "c/production.py": "DEBUG = False\n",
            "c/wsgi.py": SETDEFAULT.format("c.production"),
        },
    )
    project = find_project(root)
    files = list_files(project.root)
    choice = choose_settings(project, files, read_deploy(files), None)
    assert (choice.module, choice.caps) == ("c.production", [])
    assert "c/wsgi.py" in choice.how
    explicit = choose_settings(project, files, read_deploy(files), "c.local")
    assert explicit.how == "--settings"
    assert explicit.caps == ["c.local looks like a development or test module"]
    (root / "c/wsgi.py").unlink()
    fallback = choose_settings(project, files := list_files(root), read_deploy(files), None)
    assert fallback.module == "c.local"
    assert fallback.caps  # manage.py only, and a development-looking name


def test_settings_default_reads_setdefault_and_assignment() -> None:
    assert settings_default('os.environ.setdefault("DJANGO_SETTINGS_MODULE", "a.b")') == "a.b"
    assert settings_default('os.environ["DJANGO_SETTINGS_MODULE"] = "a.c"') == "a.c"
    assert settings_default("print(1)") is None
    assert settings_default("def (") is None


def test_the_admin_route_is_found_in_any_urlconf_and_a_computed_one_never_passes(
    tmp_path: Path,
) -> None:
    from launchtui.probes.model import Verdict
    from launchtui.probes.project.check import check_project

    base = {
        "manage.py": SETDEFAULT.format("c.settings"),
        "c/__init__.py": "",
        "c/settings.py": 'ROOT_URLCONF = "c.routes.main"\n',
        "c/wsgi.py": SETDEFAULT.format("c.settings"),
        "c/routes/__init__.py": "",
    }

    def admin_verdict(folder: str, routes: str) -> tuple[Verdict, str]:
        root = write(tmp_path / folder, {**base, "c/routes/main.py": routes})
        found = {f.item_id: f for f in check_project(root).findings}["settings-anonymize-admin"]
        return found.verdict, found.evidence

    head = "from django.contrib import admin\nfrom django.urls import path\n"
    verdict, evidence = admin_verdict(
        "a", head + 'urlpatterns = [path("admin/", admin.site.urls)]\n'
    )
    assert verdict is Verdict.FAIL and "c/routes/main.py" in evidence
    verdict, _ = admin_verdict("b", head + "urlpatterns = [path(ADMIN, admin.site.urls)]\n")
    assert verdict is Verdict.UNKNOWN
    verdict, _ = admin_verdict("c", head + "urlpatterns = [*admin_routes(admin.site.urls)]\n")
    assert verdict is Verdict.UNKNOWN
    verdict, _ = admin_verdict("d", "urlpatterns = []\n")
    assert verdict is Verdict.PASS
