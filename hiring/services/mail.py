"""E-mail through the organisation's SMTP server, when one is configured (``HIRING_MAIL_*``).

Only what a person asked to send is sent, at once, from the request (one message is quick);
a failure is reported to that person and changes nothing else.
"""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from flask import current_app

SEND_ERRORS = (OSError, smtplib.SMTPException)
"""What sending can raise: the server unreachable, refused, or the login wrong."""


def mail_configured(config: Mapping[str, Any] | None = None) -> bool:
    config = config if config is not None else current_app.config
    return bool(config.get("MAIL_SERVER") and config.get("MAIL_SENDER"))


def send_mail(to: str, subject: str, body: str, *, to_name: str = "") -> None:
    """Send one plain-text message; raises one of :data:`SEND_ERRORS` when it cannot."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = formataddr((to_name, to)) if to_name else to
    message["Subject"] = subject
    message.set_content(body)
    server, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    if config.get("MAIL_USE_SSL"):
        connection: smtplib.SMTP = smtplib.SMTP_SSL(server, port, timeout=20)
    else:
        connection = smtplib.SMTP(server, port, timeout=20)
    with connection:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            connection.starttls()
        if config.get("MAIL_USERNAME"):
            connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        connection.send_message(message)
