"""Views."""

import logging

from django.http import HttpResponse

logger = logging.getLogger("blog")


def login_view(request):
    """A login that logs far too much."""
    password = request.POST.get("password", "")
    logger.info("login attempt for %s with password %s", request.POST.get("user"), password)
    print(request.POST)
    return HttpResponse("ok")
