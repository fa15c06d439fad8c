"""Public updates and the newsletter: publishing a news item (logged against the plan), the
double opt-in (a subscription counts once its link is followed), the one-click way out, and the
newsletter itself, each e-mail in its subscriber's language, with a plain-text part and the
`List-Unsubscribe` headers mail programs show as a button (RFC 8058)."""

import secrets

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django_tasks import task

from commun.communication.models import (
    Audience,
    Channel,
    Communication,
    Level,
    NewsItem,
    Subscriber,
)
from commun.initiatives.models import Initiative
from commun.mail import email, html_part, send_later

SEND_IN_BATCHES_OF = 100  # e-mails per SMTP connection


class AlreadySent(Exception):
    """A news item goes out as a newsletter once."""


def audiences_reached_by(initiative: Initiative, channel: str) -> list[Audience]:
    """The plan's audiences that this channel serves (those naming it among their channels)."""
    return [
        audience
        for audience in Audience.objects.filter(initiative=initiative)
        if channel in audience.channels
    ]


def log_communication(item: NewsItem, channel: str, reached: int | None = None) -> Communication:
    logged = Communication.objects.create(
        initiative=item.initiative,
        sent_on=timezone.localdate(),
        channel=channel,
        level=Level.INFORM,
        title_fr=item.title_fr,
        title_en=item.title_en,
        reached=reached,
        created_by=item.created_by,
    )
    logged.audiences.set(audiences_reached_by(item.initiative, channel))
    return logged


def publish(item: NewsItem) -> bool:
    """Put the item on the public page and its feeds, and log it; False when it already was."""
    with transaction.atomic():
        changed = NewsItem.objects.filter(pk=item.pk, published_at__isnull=True).update(
            published_at=timezone.now()
        )
        if changed:
            item.refresh_from_db()
            log_communication(item, Channel.NEWS)
    return bool(changed)


def unpublish(item: NewsItem) -> None:
    NewsItem.objects.filter(pk=item.pk).update(published_at=None)


def published_news(initiative: Initiative):
    return NewsItem.objects.filter(initiative=initiative, published_at__isnull=False).order_by(
        "-published_at", "-pk"
    )


# --- Subscriptions


def absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def subscribe(initiative: Initiative, email: str, language: str) -> Subscriber:
    """Ask for the newsletter: the address gets a link to confirm (again, if it asked before and
    never confirmed, or left). Someone already receiving it gets nothing: the page says the same
    to everyone, so nobody learns from it who subscribes."""
    email = email.strip()
    with transaction.atomic():
        found = (
            Subscriber.objects.select_for_update()
            .annotate(address=Lower("email"))
            .filter(initiative=initiative, address=email.lower())
            .first()
        )
        if found is not None and found.receives:
            return found
        if found is None:
            found = Subscriber(initiative=initiative, email=email)
        found.language = language
        found.token = secrets.token_urlsafe(32)
        found.left_at = None
        found.confirmed_at = None
        found.save()
    send_confirmation(found)
    return found


def send_confirmation(subscriber: Subscriber) -> None:
    initiative = subscriber.initiative
    with translation.override(subscriber.language):
        context = {
            "initiative": initiative,
            "url": absolute("communication:confirm", initiative.slug, subscriber.token),
        }
        subject = _("Confirm your subscription to the news of %(initiative)s") % {
            "initiative": initiative.name
        }
        body = render_to_string("communication/email/confirm.txt", context)
    send_later([email(subject, body, [subscriber.email])])


def confirm(initiative: Initiative, token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.filter(initiative=initiative, token=token).first()
    if subscriber is not None and subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.left_at = None
        subscriber.save(update_fields=["confirmed_at", "left_at"])
    return subscriber


def unsubscribe(initiative: Initiative, token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.filter(initiative=initiative, token=token).first()
    if subscriber is not None and subscriber.left_at is None:
        subscriber.left_at = timezone.now()
        subscriber.save(update_fields=["left_at"])
    return subscriber


def receiving(initiative: Initiative):
    return Subscriber.objects.filter(
        initiative=initiative, confirmed_at__isnull=False, left_at__isnull=True
    )


# --- The newsletter


def newsletter_message(item: NewsItem, subscriber: Subscriber) -> EmailMultiAlternatives:
    """One subscriber's e-mail: the item in their language (the other when it has only that),
    HTML and plain text, with the one-click unsubscribe headers."""
    initiative = item.initiative
    leave = absolute("communication:unsubscribe", initiative.slug, subscriber.token)
    with translation.override(subscriber.language):
        context = {
            "initiative": initiative,
            "item": item,
            "title": item.title,
            "body": item.body,
            "text": strip_tags(item.body.replace("</p>", "</p>\n\n").replace("<br>", "\n")),
            "url": absolute("communication:news_item", initiative.slug, item.pk),
            "leave": leave,
        }
        subject = f"{initiative.name} — {item.title}"
        text = render_to_string("communication/email/newsletter.txt", context)
        html = html_part("communication/email/newsletter.html", context)
    return email(
        subject,
        text,
        [subscriber.email],
        html,
        headers={
            "List-Unsubscribe": f"<{leave}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<{initiative.slug}.news.commun>",
        },
    )


def start_newsletter(item: NewsItem) -> None:
    """Mark the item as being sent (so it is sent once), then send it in the background."""
    with transaction.atomic():
        taken = NewsItem.objects.filter(
            pk=item.pk, sent_at__isnull=True, published_at__isnull=False
        ).update(sent_at=timezone.now(), sent_to=0)
        if not taken:
            raise AlreadySent(_("This news item was already sent as a newsletter."))
        transaction.on_commit(lambda: send_newsletter_in_background.enqueue(item.pk))


def send_newsletter(item_id: int) -> int:
    """Send the item to every confirmed subscriber, counting as it goes (`sent_to` is the
    progress the page shows); log it against the plan once done. Returns how many were sent."""
    item = NewsItem.objects.select_related("initiative").get(pk=item_id)
    subscribers = list(receiving(item.initiative).order_by("pk"))
    sent = 0
    for start in range(0, len(subscribers), SEND_IN_BATCHES_OF):
        batch = subscribers[start : start + SEND_IN_BATCHES_OF]
        with get_connection() as connection:
            connection.send_messages([newsletter_message(item, one) for one in batch])
        sent += len(batch)
        NewsItem.objects.filter(pk=item.pk).update(sent_to=sent)
    item.sent_to = sent
    log_communication(item, Channel.NEWSLETTER, reached=sent)
    return sent


@task()
def send_newsletter_in_background(item_id: int) -> None:
    send_newsletter(item_id)
