"""Views."""

import logging

from django.http import HttpResponse, HttpResponseNotFound

logger = logging.getLogger(__name__)


def home(request):
    """The home page."""
    return HttpResponse("shop")


def not_found(request, exception=None):
    """The branded 404."""
    return HttpResponseNotFound("not here")
