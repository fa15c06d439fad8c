"""The demo's communication plan and log (data/communication.toml): five audiences and a year of
communications, dated from today so the plan reads as current."""

import secrets
from datetime import date, timedelta

from django.utils import timezone

from commun.communication.models import Audience, Communication, NewsItem, Subscriber
from commun.demo.cast import Cast, data
from commun.initiatives.models import Initiative


def loaded(initiative: Initiative) -> bool:
    return Audience.objects.filter(initiative=initiative).exists()


def months_before(today: date, months: int) -> date:
    """The same day `months` months earlier (the 15th at most, so every month has it)."""
    month = today.month - months
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, min(today.day, 15))


def load(cast: Cast) -> None:
    initiative, content = cast.initiative, data("communication")
    audiences = {}
    for row in content["audiences"]:
        audiences[row["key"]] = Audience.objects.create(
            initiative=initiative,
            kind=row["kind"],
            name_fr=row["name_fr"],
            name_en=row["name_en"],
            level_sought=row["level"],
            promise_fr=row["promise_fr"],
            promise_en=row["promise_en"],
            messages_fr=row["messages_fr"],
            messages_en=row["messages_en"],
            channels=row["channels"],
            frequency=row["frequency"],
            owner_person=cast.person(row["owner"]),
            engagement_group=row.get("group", ""),
        )
    today = timezone.localdate()
    for row in content["log"]:
        item = Communication.objects.create(
            initiative=initiative,
            sent_on=months_before(today, row["months_ago"]),
            channel=row["channel"],
            level=row["level"],
            title_fr=row["title_fr"],
            title_en=row["title_en"],
            reached=row.get("reached"),
        )
        item.audiences.set([audiences[key] for key in row["audiences"]])
    _news(cast, content)


def _news(cast: Cast, content: dict) -> None:
    now, initiative = timezone.now(), cast.initiative
    author = cast.person("coordination")
    for row in content["news"]:
        published = now - timedelta(days=row["days_ago"]) if "days_ago" in row else None
        NewsItem.objects.create(
            initiative=initiative,
            title_fr=row["title_fr"],
            title_en=row["title_en"],
            body_fr=row["body_fr"],
            body_en=row["body_en"],
            published_at=published,
            sent_at=published if row.get("sent") else None,
            sent_to=3 if row.get("sent") else 0,
            created_by=author,
        )
    for row in content["subscribers"]:
        Subscriber.objects.create(
            initiative=initiative,
            email=row["email"],
            language=row["language"],
            token=secrets.token_urlsafe(32),
            confirmed_at=now - timedelta(days=30) if row.get("confirmed", True) else None,
            left_at=now - timedelta(days=5) if row.get("left") else None,
        )
