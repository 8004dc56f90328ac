"""Upload validators."""

from django.core.exceptions import ValidationError

MAX_BYTES = 5 * 1024 * 1024


def validate_file_size(upload) -> None:
    """Refuse uploads over 5 MB."""
    if upload.size > MAX_BYTES:
        raise ValidationError("The file is larger than 5 MB.")
