"""Public news and the newsletter: publishing logs the communication, the feeds carry what is
published only, subscribing takes a confirmed click (double opt-in), leaving takes one click
(RFC 8058's one-click POST, with no form), and a newsletter goes once, to confirmed subscribers
only, each in their language, with a plain-text part and the unsubscribe headers."""

import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commun.communication.models import Communication, NewsItem, Subscriber
from commun.communication.news import AlreadySent, publish, start_newsletter, subscribe
from tests.helpers import client_for


def url(name, initiative, *args):
    return reverse(f"communication:{name}", args=[initiative.slug, *args])


@pytest.fixture
def draft(initiative, people):
    return NewsItem.objects.create(
        initiative=initiative,
        title_fr="Une nouvelle toute fraîche",
        title_en="A brand new item",
        body_fr="<p>Le texte <strong>français</strong>.</p>",
        body_en="<p>The <strong>English</strong> text.</p>",
        created_by=people["backbone_staff"],
    )


def test_publishing_puts_it_in_the_feeds_and_logs_it_once(initiative, draft, client):
    rss = client.get(url("news_rss", initiative, "fr")).content
    assert "Une nouvelle toute fraîche" not in rss.decode()
    logged_before = Communication.objects.filter(initiative=initiative).count()
    assert publish(draft)
    assert not publish(draft)  # already published: nothing more
    assert Communication.objects.filter(initiative=initiative).count() == logged_before + 1
    logged = Communication.objects.filter(initiative=initiative).latest("pk")
    assert (logged.channel, logged.title_fr) == ("news", draft.title_fr)
    # Audiences whose channels include public updates are the ones it reached.
    assert {a.pk for a in logged.audiences.all()} == {
        a.pk for a in initiative.audiences.all() if "news" in a.channels
    }
    channel = ET.fromstring(client.get(url("news_rss", initiative, "fr")).content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0] == "Une nouvelle toute fraîche"
    assert channel.findtext("language") == "fr"
    atom = ET.fromstring(client.get(url("news_atom", initiative, "en")).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("a:entry/a:title", ns).text == "A brand new item"
    drafts = NewsItem.objects.filter(initiative=initiative, published_at__isnull=True)
    assert all(
        d.title_en not in [e.text for e in atom.findall("a:entry/a:title", ns)] for d in drafts
    )


def test_the_public_reads_published_news_but_not_drafts(initiative, draft, client):
    assert client.get(url("news_item", initiative, draft.pk)).status_code == 404
    publish(draft)
    page = client.get(url("news_item", initiative, draft.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "<strong>English</strong>" in page.content.decode()
    public = client.get(reverse("framework:public", args=[initiative.slug])).content.decode()
    assert draft.title_fr in public or draft.title_en in public


def test_a_feed_of_another_language_is_not_there(initiative, client):
    assert client.get(url("news_rss", initiative, "de")).status_code == 404


def test_subscribing_takes_the_confirmation_click(initiative, client):
    response = client.post(
        url("subscribe", initiative), {"email": "Nouvelle@Exemple.org", "language": "fr"}
    )
    assert response.status_code == 200
    subscriber = Subscriber.objects.get(initiative=initiative, email="Nouvelle@Exemple.org")
    assert not subscriber.receives
    (sent,) = mail.outbox
    assert sent.to == ["Nouvelle@Exemple.org"]
    assert "Confirmez votre abonnement" in sent.subject
    confirm = url("confirm", initiative, subscriber.token)
    assert confirm in sent.body
    client.get(confirm)  # a mail scanner opening the link subscribes nobody
    subscriber.refresh_from_db()
    assert not subscriber.receives
    client.post(confirm)
    subscriber.refresh_from_db()
    assert subscriber.receives
    # Asking again, in other capitals, changes nothing and sends nothing.
    client.post(url("subscribe", initiative), {"email": "nouvelle@exemple.org", "language": "en"})
    assert (
        Subscriber.objects.filter(
            initiative=initiative, email__iexact="nouvelle@exemple.org"
        ).count()
        == 1
    )
    assert len(mail.outbox) == 1


def test_a_bad_address_is_refused_with_nothing_stored(initiative, client):
    before = Subscriber.objects.count()
    response = client.post(
        url("subscribe", initiative), {"email": "pas une adresse", "language": "fr"}
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert Subscriber.objects.count() == before
    assert not mail.outbox


def test_the_newsletter_goes_once_to_confirmed_subscribers_in_their_language(
    initiative, draft, django_capture_on_commit_callbacks
):
    publish(draft)
    Subscriber.objects.filter(initiative=initiative).delete()
    fr = subscribe(initiative, "fr@exemple.org", "fr")
    en = subscribe(initiative, "en@example.org", "en")
    subscribe(initiative, "jamais@exemple.org", "fr")  # never confirms
    for one in (fr, en):
        one.confirmed_at = timezone.now()
        one.save()
    gone = subscribe(initiative, "parti@exemple.org", "fr")
    gone.confirmed_at = gone.left_at = timezone.now()
    gone.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        start_newsletter(draft)  # tasks run at once in the tests
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"fr@exemple.org", "en@example.org"}
    french, english = by_address["fr@exemple.org"], by_address["en@example.org"]
    assert "Une nouvelle toute fraîche" in french.subject
    assert "A brand new item" in english.subject
    assert "The English text." in english.body  # the plain-text part, without markup
    assert "<strong>" not in english.body
    html, kind = english.alternatives[0]
    assert kind == "text/html" and "<strong>English</strong>" in html
    leave = url("unsubscribe", initiative, en.token)
    assert english.extra_headers["List-Unsubscribe"].endswith(f"{leave}>")
    assert english.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    draft.refresh_from_db()
    assert draft.sent_to == 2
    logged = Communication.objects.filter(initiative=initiative, channel="newsletter").latest("pk")
    assert logged.reached == 2
    with pytest.raises(AlreadySent):
        start_newsletter(draft)


def test_one_click_unsubscribe_needs_no_form(initiative):
    subscriber = subscribe(initiative, "clic@exemple.org", "fr")
    subscriber.confirmed_at = timezone.now()
    subscriber.save()
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        url("unsubscribe", initiative, subscriber.token), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert not subscriber.receives
    assert mail_program.post(url("unsubscribe", initiative, "inconnu")).status_code == 404


@pytest.mark.parametrize("role", ["partner_editor", "partner_member", "observer"])
def test_only_staff_write_publish_and_send(role, people, initiative, draft):
    client = client_for(people[role])
    assert client.get(url("news_new", initiative)).status_code == 403
    assert client.post(url("news_publish", initiative, draft.pk)).status_code == 403
    assert client.post(url("news_send", initiative, draft.pk)).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published
    assert client.get(url("news_item", initiative, draft.pk)).status_code == 404


def test_staff_write_a_news_item_in_both_languages(people, initiative):
    client = client_for(people["backbone_staff"])
    response = client.post(
        url("news_new", initiative),
        {
            "title_fr": "Titre",
            "title_en": "Title",
            "body_fr": "<p>Texte</p><script>alert(1)</script>",
            "body_en": "<p>Text</p>",
        },
    )
    assert response.status_code == 302
    item = NewsItem.objects.get(initiative=initiative, title_fr="Titre")
    assert item.body_fr == "<p>Texte</p>"  # sanitised on save
    assert item.created_by == people["backbone_staff"]
    assert not item.is_published


def test_the_public_page_shows_what_bodies_published(initiative, client):
    from commun.governance.models import Decision, Minutes

    decided = Decision.objects.filter(body__initiative=initiative, status="decided").first()
    Decision.objects.filter(pk=decided.pk).update(published=True)
    hidden = (
        Decision.objects.filter(body__initiative=initiative, status="decided")
        .exclude(pk=decided.pk)
        .first()
    )
    Decision.objects.filter(pk=hidden.pk).update(published=False, title_fr="Décision interne")
    shown = (
        Minutes.objects.filter(
            meeting__body__initiative=initiative, status="approved", published=True
        )
        .order_by("-meeting__starts_at")
        .first()
    )
    kept = Minutes.objects.filter(meeting__body__initiative=initiative).exclude(pk=shown.pk).first()
    Minutes.objects.filter(pk=kept.pk).update(published=False)
    page = client.get(
        reverse("framework:public", args=[initiative.slug]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert decided.title_fr in page
    assert "Décision interne" not in page
    public_minutes = reverse("governance:public_minutes", args=[initiative.slug, shown.meeting_id])
    assert public_minutes in page
    assert client.get(public_minutes).status_code == 200
    unpublished = reverse("governance:public_minutes", args=[initiative.slug, kept.meeting_id])
    assert unpublished not in page
    assert client.get(unpublished).status_code == 404
