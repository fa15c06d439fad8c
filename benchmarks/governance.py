"""How the governance and communication pages hold up with a year of weekly meetings (issue 16).

Adds to the demo's steering committee 52 weekly meetings (10 agenda items each, attendance of
every member, approved minutes), 150 decisions with a stance from every member, and 500
communications in the log, then prints the server time of each page before and after, and their
ratio:

    COMMUN_DATA_DIR=/tmp/bench-governance uv run commun demo --no-serve
    COMMUN_DATA_DIR=/tmp/bench-governance uv run commun shell -c \\
        "from benchmarks.governance import run; run()"

Use a throw-away data folder: what it adds stays in that database.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from benchmarks.run import median_seconds
from commun.communication.models import Audience, Communication
from commun.governance.models import (
    Attendance,
    Decision,
    DecisionOption,
    Meeting,
    MeetingItem,
    Minutes,
    Stance,
    StanceChoice,
)
from commun.initiatives.models import BodyMember, GovernanceBody, Initiative
from commun.people.models import User

PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"  # no collectstatic needed
MEETINGS, ITEMS, DECISIONS, COMMUNICATIONS = 52, 10, 150, 500


def pages(initiative, body) -> dict[str, str]:
    slug = initiative.slug
    meeting = Meeting.objects.filter(body=body).order_by("-starts_at").first()
    decision = Decision.objects.filter(body=body).order_by("-pk").first()
    return {
        "home": reverse("framework:home", args=[slug]),
        "body": reverse("initiatives:body", args=[slug, body.pk]),
        "body_meetings": reverse("governance:body_meetings", args=[slug, body.pk]),
        "meetings": reverse("governance:meetings", args=[slug]),
        "meeting": reverse("governance:meeting", args=[slug, meeting.pk]),
        "minutes": reverse("governance:minutes", args=[slug, meeting.pk]),
        "decision_log": reverse("governance:decision_log", args=[slug]),
        "decision": reverse("governance:decision", args=[slug, decision.pk]),
        "terms": reverse("governance:terms", args=[slug, body.pk]),
        "communication": reverse("communication:overview", args=[slug]),
        "plan": reverse("communication:plan", args=[slug]),
        "log": reverse("communication:log", args=[slug]),
        "wheel": reverse("communication:wheel", args=[slug]),
    }


def page_times(client, urls: dict[str, str]) -> dict[str, float]:
    times = {}
    for name, url in urls.items():

        def get_page(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        times[name] = median_seconds(get_page, repeats=5)
    return times


def add_a_year(initiative, body, seed: int = 1) -> None:
    rng = random.Random(seed)
    members = [seat.user for seat in BodyMember.objects.filter(body=body).select_related("user")]
    start = timezone.now() - timedelta(weeks=MEETINGS)
    made = []
    for week in range(MEETINGS):
        starts = start + timedelta(weeks=week)
        made.append(
            Meeting(
                body=body,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                status=Meeting.Status.HELD,
                uid=f"bench-{week}@commun",
                title_fr=f"Rencontre hebdomadaire {week + 1}",
            )
        )
    meetings = Meeting.objects.bulk_create(made)
    MeetingItem.objects.bulk_create(
        MeetingItem(meeting=meeting, order=n, title_fr=f"Point {n + 1}", minutes=10)
        for meeting in meetings
        for n in range(ITEMS)
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=person,
            presence=rng.choice(["present", "present", "present", "excused", "absent"]),
        )
        for meeting in meetings
        for person in members
    )
    Minutes.objects.bulk_create(
        Minutes(
            meeting=meeting,
            text_fr=f"<p>Procès-verbal de la rencontre {n + 1}.</p>",
            status=Minutes.Status.APPROVED,
            approved_at=meetings[n + 1],
        )
        for n, meeting in enumerate(meetings[:-1])
    )
    for n in range(DECISIONS):
        decision = Decision.objects.create(
            body=body,
            meeting=rng.choice(meetings),
            kind="proposal",
            title_fr=f"Décision d'essai {n}",
            status=Decision.Status.DECIDED,
            closes_at=start + timedelta(days=2 * n),
            closed_at=start + timedelta(days=2 * n),
            outcome_fr="<p>Adoptée.</p>",
        )
        options = DecisionOption.objects.bulk_create(
            DecisionOption(decision=decision, order=order, key=key)
            for order, key in enumerate(["agree", "abstain", "disagree", "block"])
        )
        stances = Stance.objects.bulk_create(
            Stance(decision=decision, person=person, reason="") for person in members
        )
        StanceChoice.objects.bulk_create(
            StanceChoice(stance=stance, option=rng.choice(options[:3])) for stance in stances
        )
    audiences = list(Audience.objects.filter(initiative=initiative))
    today = timezone.localdate()
    logged = Communication.objects.bulk_create(
        Communication(
            initiative=initiative,
            sent_on=today - timedelta(days=rng.randrange(0, 730)),
            channel=rng.choice(["newsletter", "meeting", "email", "news"]),
            level=rng.randint(1, 4),
            title_fr=f"Communication {n}",
        )
        for n in range(COMMUNICATIONS)
    )
    through = Communication.audiences.through
    through.objects.bulk_create(
        through(communication=item, audience=audience)
        for item in logged
        for audience in rng.sample(audiences, rng.randint(1, 2))
    )


def run() -> None:
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    with override_settings(
        ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, STORAGES=storages
    ):
        measure()


def measure() -> None:
    initiative = Initiative.objects.get(slug="table-quartier-saint-roch")
    body = GovernanceBody.objects.filter(initiative=initiative, kind="steering").first()
    client = Client()
    client.force_login(User.objects.get(email="coordination@demo.commun.example"))
    before_counts = Meeting.objects.filter(body=body).count(), Decision.objects.count()
    urls = pages(initiative, body)
    before = page_times(client, urls)
    add_a_year(initiative, body)
    after_counts = Meeting.objects.filter(body=body).count(), Decision.objects.count()
    urls = pages(initiative, body)
    after = page_times(client, urls)
    print(
        f"# steering committee: {before_counts[0]} meetings then {after_counts[0]}; "
        f"decisions {before_counts[1]} then {after_counts[1]}; "
        f"communications +{COMMUNICATIONS}"
    )
    for name in urls:
        print(
            f"G1 {name} {after[name] / before[name]:.2f} "
            f"({before[name] * 1000:.0f} ms then {after[name] * 1000:.0f} ms)"
        )
