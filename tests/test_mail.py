"""E-mail goes through the task queue: what the worker sends is the message as built, its HTML
part with its styles written into each element, its attachments byte for byte."""

from django.core import mail
from django.template import engines

from commun.mail import INLINER, as_data, email, from_data, html_part, send_later


def test_a_message_survives_the_queue_unchanged():
    message = email(
        "Invitation : rencontre du 12 mars",
        "Texte brut — accents é à ç",
        ["une@exemple.org"],
        "<p>HTML</p>",
        headers={"List-Unsubscribe": "<https://exemple.org/u/1/>"},
    )
    message.attach("invitation.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    again = from_data(as_data(message))
    assert (again.subject, again.body, again.to) == (message.subject, message.body, message.to)
    assert again.extra_headers == message.extra_headers
    assert again.alternatives[0][:2] == ("<p>HTML</p>", "text/html")
    assert again.attachments == message.attachments  # text/* files are kept as text


def test_send_later_hands_the_messages_to_the_worker_which_sends_them():
    sent = send_later(
        [email("Un", "corps", ["a@exemple.org"]), email("Deux", "corps", ["b@exemple.org"])]
    )
    assert sent == 2
    assert [m.subject for m in mail.outbox] == ["Un", "Deux"]  # tests run tasks at once


def test_the_html_part_carries_its_styles_inline():
    html = html_part("email/base.html", {})
    assert "<style>" not in html
    template = engines["django"].from_string(
        '{% extends "email/base.html" %}{% block content %}<h1>Titre</h1>{% endblock %}'
    )
    inlined = INLINER.inline(template.render({}))
    assert '<h1 style="' in inlined and "font-size: 22px" in inlined
