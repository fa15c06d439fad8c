"""The demo's communication plan and log (data/communication.toml): five audiences and a year of
communications, dated from today so the plan reads as current."""

from datetime import date

from django.utils import timezone

from commun.communication.models import Audience, Communication
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
