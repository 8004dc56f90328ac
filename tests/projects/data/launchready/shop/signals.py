"""Keep a record of every mail Anymail sends."""

import logging

from anymail.signals import post_send
from django.dispatch import receiver

logger = logging.getLogger(__name__)


@receiver(post_send)
def log_sent_message(sender, message, status, esp_name, **kwargs) -> None:
    """Log the ESP's message id for each recipient."""
    for email, recipient_status in status.recipients.items():
        logger.info("sent %s via %s: %s", recipient_status.message_id, esp_name, recipient_status.status)
