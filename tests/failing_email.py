"""An email backend whose server is down: every send raises, as an unreachable SMTP would."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("serveur SMTP injoignable")
