"""Background work of the accounts app: sending emails without blocking or losing anything."""

import logging

from django.core.mail import EmailMessage
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_email_task(subject, body, recipients):
    """Send one email; a failure is logged (with its recipients) and never raised."""
    try:
        EmailMessage(subject=subject, body=body, to=recipients).send()
    except Exception:  # noqa: BLE001 - any transport error must be logged, not raised
        logger.exception("Échec de l'envoi du courriel « %s » à %s", subject, recipients)
        return False
    return True
