from django.core.validators import FileExtensionValidator
from django.db import models


class Invoice(models.Model):
    pdf = models.FileField(upload_to="invoices/", validators=[FileExtensionValidator(["pdf"])])
    attachment = models.FileField(blank=True)
