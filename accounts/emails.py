"""The platform's own emails (membership requests, editorial workflow), in French.

Each email has two templates under templates/emails/: `<name>_subject.txt` and
`<name>_message.txt`. Sending goes through a background task that logs failures:
an email that cannot be sent never blocks or undoes what triggered it.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string

from .tasks import send_email_task

logger = logging.getLogger(__name__)


def absolute_url(path):
    """An absolute URL for a link in an email."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_templated_email(name, recipients, context):
    """Render and queue one email per recipient (nobody sees the others' addresses)."""
    recipients = sorted({email for email in recipients if email})
    if not recipients:
        return 0
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    subject = render_to_string(f"emails/{name}_subject.txt", context).strip()
    subject = " ".join(subject.split())
    body = render_to_string(f"emails/{name}_message.txt", context)
    for recipient in recipients:
        try:
            send_email_task.enqueue(subject, body, [recipient])
        except Exception:  # noqa: BLE001 - a queue failure must not undo the caller's work
            logger.exception("Courriel « %s » non mis en file pour %s", subject, recipient)
    return len(recipients)
