"""Blog posts with attachments."""

from django.db import models


class Post(models.Model):
    """A post."""

    title = models.CharField(max_length=200)
    attachment = models.FileField(blank=True)
    cover = models.ImageField(upload_to="", blank=True)
