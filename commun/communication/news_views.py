"""News pages: the public's (the list, an item, the RSS and Atom feeds, subscribing, confirming,
leaving) and the staff's (writing, publishing, sending as a newsletter)."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_ratelimit.core import get_usage

from commun.access import Action, can, initiative_view
from commun.communication.forms import NewsItemForm, SubscribeForm
from commun.communication.models import NewsItem, Subscriber
from commun.communication.news import (
    AlreadySent,
    confirm,
    publish,
    published_news,
    receiving,
    start_newsletter,
    subscribe,
    unpublish,
    unsubscribe,
)
from commun.people.lockout import client_address
from commun.rich_text import editor_media
from commun.sections import initiative_url
from commun.views import form_page, page_of

NEWS_PAGE = 20
FEED_ITEMS = 30
SUBSCRIBE_RATE = "10/h"  # subscriptions asked from one address


def news_item_from_url(initiative, kwargs) -> NewsItem:
    return get_object_or_404(NewsItem, initiative=initiative, pk=kwargs["news_id"])


def seen_news(request, initiative):
    """Staff see drafts too; everybody else what is published."""
    if can(request.user, Action.MANAGE_COMMUNICATION, initiative):
        return NewsItem.objects.filter(initiative=initiative)
    return published_news(initiative)


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def news(request, initiative):
    return render(
        request,
        "communication/news.html",
        {
            "initiative": initiative,
            **page_of(request, seen_news(request, initiative), NEWS_PAGE),
            "manage": can(request.user, Action.MANAGE_COMMUNICATION, initiative),
            "receiving": receiving(initiative).count(),
        },
    )


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def news_item(request, initiative, news_id):
    item = get_object_or_404(seen_news(request, initiative), pk=news_id)
    return render(
        request,
        "communication/news_item.html",
        {
            "initiative": initiative,
            "item": item,
            "manage": can(request.user, Action.MANAGE_COMMUNICATION, initiative),
            "receiving": receiving(initiative).count(),
        },
    )


def _news_form(request, initiative, instance=None):
    def saved(form):
        item = form.save()
        return _("The news item is saved."), initiative_url(
            "communication:news_item", initiative, item.pk
        )

    form = NewsItemForm(
        request.POST or None, instance=instance, initiative=initiative, by=request.user
    )
    context = {
        "initiative": initiative,
        "item": instance,
        "editor_media": editor_media(form, request),
    }
    return form_page(request, form, "communication/news_form.html", context, saved)


@initiative_view(Action.MANAGE_COMMUNICATION)
def news_new(request, initiative):
    return _news_form(request, initiative)


@initiative_view(Action.MANAGE_COMMUNICATION, news_item_from_url)
def news_edit(request, initiative, news_id, obj):
    return _news_form(request, initiative, obj)


@initiative_view(Action.MANAGE_COMMUNICATION, news_item_from_url)
@require_POST
def news_publish(request, initiative, news_id, obj):
    if request.POST.get("unpublish"):
        unpublish(obj)
        messages.success(request, _("The news item is no longer public."))
    elif publish(obj):
        messages.success(request, _("The news item is published and logged in the plan."))
    return redirect("communication:news_item", initiative.slug, obj.pk)


@initiative_view(Action.MANAGE_COMMUNICATION, news_item_from_url)
@require_POST
def news_send(request, initiative, news_id, obj):
    try:
        start_newsletter(obj)
    except AlreadySent as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The newsletter is being sent."))
    return redirect("communication:news_item", initiative.slug, obj.pk)


@initiative_view(Action.MANAGE_COMMUNICATION, news_item_from_url)
@require_POST
def news_delete(request, initiative, news_id, obj):
    obj.delete()
    messages.success(request, _("The news item is deleted."))
    return redirect("communication:news", initiative.slug)


# --- Subscribing


def address_of(group, request) -> str:
    return client_address(request)


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def news_subscribe(request, initiative):
    form = SubscribeForm(request.POST or None, initial={"language": translation.get_language()[:2]})
    if request.method == "POST" and form.is_valid():
        usage = get_usage(
            request, group="subscribe", key=address_of, rate=SUBSCRIBE_RATE, increment=True
        )
        if usage and usage["should_limit"]:
            form.add_error(None, _("Too many requests from this address; try again later."))
        else:
            subscribe(initiative, form.cleaned_data["email"], form.cleaned_data["language"])
            return render(
                request,
                "communication/subscribe_sent.html",
                {"initiative": initiative, "email": form.cleaned_data["email"]},
            )
    return render(request, "communication/subscribe.html", {"initiative": initiative, "form": form})


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def news_confirm(request, initiative, subscription):
    """The link of the confirmation e-mail shows a button: a link some mail scanners follow on
    their own does not subscribe anyone, only the person's click does."""
    get_object_or_404(Subscriber, initiative=initiative, token=subscription)
    done = confirm(initiative, subscription) if request.method == "POST" else None
    return render(
        request, "communication/subscribe_confirm.html", {"initiative": initiative, "done": done}
    )


@csrf_exempt  # mail programs' one-click unsubscribe (RFC 8058) posts without a form
@initiative_view(Action.VIEW_PUBLIC_PAGE)
def news_unsubscribe(request, initiative, subscription):
    get_object_or_404(Subscriber, initiative=initiative, token=subscription)
    done = unsubscribe(initiative, subscription) if request.method == "POST" else None
    return render(
        request, "communication/unsubscribe.html", {"initiative": initiative, "done": done}
    )


# --- Feeds


class NewsRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, initiative, language):
        self.language = language
        return initiative

    def title(self, initiative):
        return _("News of %(initiative)s") % {"initiative": initiative.name}

    def link(self, initiative):
        return reverse("communication:news", args=[initiative.slug])

    def description(self, initiative):
        return initiative.issue

    def items(self, initiative):
        return published_news(initiative)[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body

    def item_link(self, item):
        return reverse("communication:news_item", args=[item.initiative.slug, item.pk])

    def item_pubdate(self, item):
        return item.published_at


class NewsAtom(NewsRss):
    feed_type = Atom1Feed
    subtitle = NewsRss.description


def _feed(feed_class, request, initiative, language):
    if language not in ("fr", "en"):
        raise Http404
    with translation.override(language):
        return feed_class()(request, initiative=initiative, language=language)


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def news_rss(request, initiative, language):
    return _feed(NewsRss, request, initiative, language)


@initiative_view(Action.VIEW_PUBLIC_PAGE)
def news_atom(request, initiative, language):
    return _feed(NewsAtom, request, initiative, language)
