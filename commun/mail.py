"""E-mail, one way for every kind (invitations, newsletters, digests, reminders): a message is
built where its content is known, in its recipient's language, with a plain-text part and, where
it has one, an HTML part whose styles css-inline writes into each element (mail programs drop
`<style>` blocks); then `send_later` hands it to the background worker (Django's Tasks API), so
no page waits on a mail server, and a mail server that is down delays e-mail without losing it
(the task is retried when the worker is restarted)."""

import base64

import css_inline
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django_tasks import task

INLINER = css_inline.CSSInliner(load_remote_stylesheets=False)


def html_part(template: str, context: dict) -> str:
    """An HTML e-mail from a template extending `email/base.html`, its CSS inlined."""
    return INLINER.inline(render_to_string(template, context))


def email(
    subject: str,
    text: str,
    to: list[str],
    html: str | None = None,
    headers: dict | None = None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject, text, None, to, headers=headers or {})
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def as_data(message: EmailMultiAlternatives) -> dict:
    """The message as the task queue stores it (JSON)."""
    attachments = []
    for name, content, mimetype in message.attachments:
        raw = content if isinstance(content, bytes) else content.encode()
        attachments.append([name, base64.b64encode(raw).decode(), mimetype])
    return {
        "subject": message.subject,
        "body": message.body,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in message.alternatives],
        "attachments": attachments,
    }


def from_data(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        data["subject"], data["body"], None, data["to"], headers=data["headers"]
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


def send_later(messages: list[EmailMultiAlternatives]) -> int:
    """Queue the messages for the background worker; how many were queued."""
    if messages:
        deliver.enqueue([as_data(message) for message in messages])
    return len(messages)


@task()
def deliver(messages: list[dict]) -> int:
    with get_connection() as connection:
        return connection.send_messages([from_data(data) for data in messages])
