"""Benchmark the static tier of ``launchtui project`` on a generated 200-file Django project.

The project: a cookiecutter-like settings chain (base, local, production), 36 apps with models
(file fields), views, URLconfs, admin, apps, tests and migrations, templates, requirements,
Dockerfile, Procfile, app.json and an nginx config — 200 files in all, none of them run.

Prints the median and worst wall time of a full static check (discovery, file walk, every
parser, every judge) against the 1 s target, plus the same for ``launchtui project`` as a cold
command (a new interpreter each time).

Run: ``python benchmarks/project_static.py``
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from launchtui.probes.project.check import check_project

ROUNDS = 15
TARGET_SECONDS = 1.0
FILES = 200

_MODELS = '''"""Models of {app}."""

from django.core.validators import FileExtensionValidator
from django.db import models


class {model}(models.Model):
    """A {app} record."""

    name = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)
    photo = models.ImageField(upload_to="{app}/photos/", blank=True)
    sheet = models.FileField(
        upload_to="{app}/sheets/", validators=[FileExtensionValidator(["pdf"])]
    )

    def __str__(self) -> str:
        return self.name
'''
_VIEWS = '''"""Views of {app}."""

import logging

from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from {app}.models import {model}

logger = logging.getLogger(__name__)


def detail(request, pk):
    """One {model} as JSON."""
    item = get_object_or_404({model}, pk=pk)
    logger.info("showing %s", item.pk)
    return JsonResponse({{"name": item.name}})
'''


def make_project(root: Path) -> int:
    """Write the project; returns the number of files written."""
    files: dict[str, str] = {
        "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", '
        '"config.settings.local")\n',
        "config/__init__.py": "",
        "config/settings/__init__.py": "",
        "config/wsgi.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", '
        '"config.settings.production")\n',
        "config/urls.py": "from django.contrib import admin\nfrom django.urls import include, "
        'path\nurlpatterns = [path("ops-9f/", admin.site.urls)]\n',
        "requirements/base.txt": "django\ndjango-environ\nsentry-sdk\n",
        "Dockerfile": "FROM python:3.13.2-slim-trixie\nUSER app\nCMD gunicorn config.wsgi\n",
        "Procfile": "web: gunicorn config.wsgi\n",
        "app.json": '{"stack": "heroku-24"}\n',
        ".python-version": "3.13.2\n",
        "nginx/site.conf": "server {\n  client_max_body_size 10m;\n}\n",
        "templates/404.html": "<h1>Not found</h1>\n",
        "templates/500.html": "<h1>Error</h1>\n",
        "templates/base.html": "<html><body>{% block content %}{% endblock %}</body></html>\n",
    }
    apps = [f"app{n:02d}" for n in range(36)]
    base = [
        "import environ",
        "env = environ.Env()",
        'DEBUG = env.bool("DJANGO_DEBUG", False)',
        'INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth"]',
        'MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]',
    ]
    base += [f'INSTALLED_APPS += ["{app}"]' for app in apps]
    files["config/settings/base.py"] = "\n".join(base) + "\n"
    files["config/settings/local.py"] = "from .base import *\nDEBUG = True\n"
    files["config/settings/production.py"] = (
        "from .base import *\n"
        'SECRET_KEY = env("DJANGO_SECRET_KEY")\n'
        "SECURE_HSTS_SECONDS = 31536000\n"
        "SESSION_COOKIE_SECURE = True\n"
    )
    for app in apps:
        model = app.capitalize()
        files[f"{app}/__init__.py"] = ""
        files[f"{app}/models.py"] = _MODELS.format(app=app, model=model)
        files[f"{app}/views.py"] = _VIEWS.format(app=app, model=model)
        files[f"{app}/urls.py"] = (
            f"from django.urls import path\nfrom {app} import views\n"
            'urlpatterns = [path("<int:pk>/", views.detail)]\n'
        )
        files[f"{app}/migrations/0001_initial.py"] = "from django.db import migrations\n"
    for n in range(FILES - len(files)):
        files[f"templates/pages/page{n:03d}.html"] = (
            '{% extends "base.html" %}{% block content %}<p>Page ' + str(n) + "</p>{% endblock %}\n"
        )
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return len(files)


def main() -> int:
    """Run the rounds and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "big"
        count = make_project(root)
        times = []
        judged = 0
        for _ in range(ROUNDS):
            started = time.perf_counter()
            check = check_project(root)
            times.append(time.perf_counter() - started)
            judged = len(check.findings)
        cold = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "launchtui", "project", str(root), "--no-save",
                 "--format", "json", "--state", str(Path(folder) / "s.toml")],
                capture_output=True,
                check=False,
            )  # fmt: skip
            cold.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"static tier on a generated {count}-file project ({judged} items judged):")
    print(f"  in-process: median {median * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
          f"over {ROUNDS} rounds (target <= {TARGET_SECONDS * 1000:.0f} ms, "
          f"{median / TARGET_SECONDS:.2f} x the target)")  # fmt: skip
    print(f"  cold command (new interpreter): median {statistics.median(cold) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
