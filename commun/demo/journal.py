"""The demo's outcomes journal (data/journal.toml): social actors and the progress markers of the
boundary partners, two harvests, two years of observed outcomes reported by several partners with
their evidence and substantiation answers (one disputed), interpretations, and three learning
sessions whose "now what" lines sit in the joint action plan. Dates count back from today."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from commun.activities.models import Activity, SharedAction
from commun.agenda.models import Outcome, Strategy
from commun.demo.cast import Cast, data
from commun.initiatives.models import Initiative
from commun.journal.models import (
    Evidence,
    HarvestCampaign,
    Interpretation,
    LearningSession,
    NowWhat,
    ObservedOutcome,
    ProgressMarker,
    SocialActor,
    Substantiation,
)
from commun.measurement.models import Indicator, Territory


def loaded(initiative: Initiative) -> bool:
    return SocialActor.objects.filter(initiative=initiative).exists()


def months_before(today: date, months: int) -> date:
    month = today.month - months
    year = today.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, min(today.day, 15))


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def load(cast: Cast) -> None:
    initiative, content, today = cast.initiative, data("journal"), timezone.localdate()
    actors = {
        row["key"]: SocialActor.objects.create(
            initiative=initiative,
            kind=row["kind"],
            partner=cast.partner(row.get("partner")),
            name_fr=row["name_fr"],
            name_en=row["name_en"],
            boundary_partner=row.get("boundary", False),
        )
        for row in content["actors"]
    }
    markers, counts = {}, {}
    for row in content["markers"]:
        n = counts.get((row["actor"], row["level"]), 0)
        counts[(row["actor"], row["level"])] = n + 1
        markers[f"{row['actor']}:{row['level']}:{n}"] = ProgressMarker.objects.create(
            actor=actors[row["actor"]],
            level=row["level"],
            order=n,
            text_fr=row["text_fr"],
            text_en=row["text_en"],
        )
    harvests = {row["key"]: _harvest(cast, row, today) for row in content["harvests"]}
    lookups = _lookups(initiative)
    outcomes = {}
    for row in content["outcomes"]:
        outcome = _outcome(cast, row, today, actors, markers, harvests, lookups)
        outcomes[row["title_fr"]] = outcome
    for row in content["interpretations"]:
        Interpretation.objects.create(
            indicator=lookups["indicators"][row["indicator"]],
            text_fr=row["text_fr"],
            text_en=row["text_en"],
            author=cast.person(row["author"]),
        )
    for row in content["sessions"]:
        _session(cast, row, today, outcomes, lookups)


def _lookups(initiative: Initiative) -> dict:
    return {
        "strategies": list(Strategy.objects.filter(initiative=initiative).order_by("pk")),
        "outcomes": list(Outcome.objects.filter(initiative=initiative).order_by("pk")),
        "activities": {a.name_fr: a for a in Activity.objects.filter(initiative=initiative)},
        "territories": {t.code: t for t in Territory.objects.filter(initiative=initiative)},
        "indicators": {i.code: i for i in Indicator.objects.filter(initiative=initiative)},
    }


def _harvest(cast: Cast, row: dict, today: date) -> HarvestCampaign:
    deadline = (
        today + timedelta(days=row["deadline_in_days"])
        if "deadline_in_days" in row
        else months_before(today, row["deadline_months_ago"])
    )
    start = months_before(today, row["months_ago_start"])
    campaign = HarvestCampaign.objects.create(
        initiative=cast.initiative,
        title_fr=row["title_fr"],
        title_en=row["title_en"],
        instructions_fr=row["instructions_fr"],
        instructions_en=row["instructions_en"],
        period_start=start,
        period_end=months_before(today, row["months_ago_end"]),
        deadline=deadline,
        opened_at=moment(start),
        reminded_at=moment(deadline - timedelta(days=7)) if deadline < today else None,
        created_by=cast.staff,
    )
    campaign.partners.set([cast.partner(key) for key in row["partners"]])
    campaign.bodies.set([cast.body(key) for key in row["bodies"]])
    return campaign


def _outcome(cast, row, today, actors, markers, harvests, lookups) -> ObservedOutcome:
    reporter = cast.partner(row["reported_by"])
    observed_on = months_before(today, row["months_ago"])
    outcome = ObservedOutcome.objects.create(
        initiative=cast.initiative,
        actor=actors[row["actor"]],
        kind=row["kind"],
        title_fr=row["title_fr"],
        title_en=row["title_en"],
        description_fr=row.get("description_fr", ""),
        description_en=row.get("description_en", ""),
        observed_on=observed_on,
        significance_fr=row.get("significance_fr", ""),
        significance_en=row.get("significance_en", ""),
        contribution_fr=row.get("contribution_fr", ""),
        contribution_en=row.get("contribution_en", ""),
        intended_outcome=lookups["outcomes"][row["outcome"]] if "outcome" in row else None,
        positive=row.get("positive", True),
        intended=row.get("intended", True),
        status=row["status"],
        partner=reporter,
        reported_by=cast.editor(row["reported_by"]) or cast.staff,
        campaign=harvests.get(row.get("harvest")),
    )
    outcome.territories.set([lookups["territories"][c] for c in row.get("territories", [])])
    outcome.activities.set([lookups["activities"][n] for n in row.get("activities", [])])
    outcome.partners.set([cast.partner(key) for key in row.get("partners", [])])
    outcome.strategies.set([lookups["strategies"][n] for n in row.get("strategies", [])])
    outcome.markers.set([markers[key] for key in row.get("markers", [])])
    for item in row.get("evidence", []):
        Evidence.objects.create(
            outcome=outcome,
            kind=item["kind"],
            text=item.get("text_fr", ""),
            source=item.get("source", ""),
            url=item.get("url", ""),
            added_by=cast.staff,
        )
    for item in row.get("substantiations", []):
        _substantiation(cast, outcome, item, observed_on, today)
    return outcome


def _substantiation(cast, outcome, item, observed_on, today) -> None:
    person = cast.person(item["person"]) if "person" in item else None
    answer = item.get("agree")
    # Answered requests were asked soon after the change; those still awaited, lately.
    asked = min(observed_on + timedelta(days=20), today - timedelta(days=3))
    if not answer:
        asked = today - timedelta(days=5)
    request = Substantiation.objects.create(
        outcome=outcome,
        name=item["name"],
        email=person.email if person else item["email"],
        language=item["language"],
        person=person,
        requested_by=cast.staff,
        expires_at=moment(asked + timedelta(days=21)),
        description_agreement=answer[0] if answer else None,
        significance_agreement=answer[1] if answer else None,
        contribution_agreement=answer[2] if answer else None,
        comment=item.get("comment", ""),
        answered_at=moment(asked + timedelta(days=2)) if answer else None,
    )
    Substantiation.objects.filter(pk=request.pk).update(requested_at=moment(asked))


def _session(cast, row, today, outcomes, lookups) -> LearningSession:
    held_on = months_before(today, row["months_ago"])
    session = LearningSession.objects.create(
        initiative=cast.initiative,
        title_fr=row["title_fr"],
        title_en=row["title_en"],
        held_on=held_on,
        format=row["format"],
        body=cast.body(row.get("body")),
        guests=row.get("guests", ""),
        **{
            f"{name}_{language}": row.get(f"{name}_{language}", "")
            for name in ("what", "so_what", "story", "helping", "restricting", "what_works")
            for language in ("fr", "en")
        },
        created_by=cast.staff,
    )
    session.indicators.set([lookups["indicators"][c] for c in row.get("indicators", [])])
    session.outcomes.set([outcomes[title] for title in row.get("outcomes", [])])
    session.activities.set([lookups["activities"][n] for n in row.get("activities", [])])
    session.participants.set([cast.person(key) for key in row.get("participants", [])])
    session.partners.set([cast.partner(key) for key in row.get("partners", [])])
    session.partners_to_play.set([cast.partner(key) for key in row.get("partners_to_play", [])])
    for order, line in enumerate(row.get("now_what", [])):
        scores = line.get("scores") or [None] * 4
        now_what = NowWhat.objects.create(
            session=session,
            order=order,
            text_fr=line["text_fr"],
            text_en=line["text_en"],
            leverage=scores[0],
            feasibility=scores[1],
            specificity=scores[2],
            values=scores[3],
        )
        if "adopt" in line:
            plan = line["adopt"]
            due = today + timedelta(days=plan["due_in_days"])
            now_what.shared_action = SharedAction.objects.create(
                initiative=cast.initiative,
                title_fr=line["text_fr"],
                title_en=line["text_en"],
                owner_body=cast.body(plan["body"]),
                partner=cast.partner(plan.get("partner")),
                strategy=lookups["strategies"][plan["strategy"]],
                due=due,
                status=plan["status"],
                done_on=due if plan["status"] == "done" else None,
            )
            now_what.save(update_fields=["shared_action"])
    return session
