"""Products with images and spec sheets."""

from django.core.validators import FileExtensionValidator
from django.db import models

from shop.validators import validate_file_size


class Product(models.Model):
    """Something the shop sells."""

    name = models.CharField(max_length=200)
    photo = models.ImageField(upload_to="products/photos/", blank=True)
    spec_sheet = models.FileField(
        upload_to="products/specs/",
        validators=[FileExtensionValidator(["pdf"]), validate_file_size],
        blank=True,
    )
