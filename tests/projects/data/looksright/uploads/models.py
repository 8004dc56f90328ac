"""Uploads validated only in forms: the model fields take anything."""

import logging

from django.db import models

logger = logging.getLogger(__name__)


class Document(models.Model):
    """An uploaded document."""

    file = models.FileField(upload_to="documents/%Y/")
    scan = models.ImageField(upload_to="scans/")
