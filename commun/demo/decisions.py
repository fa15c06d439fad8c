"""The demo's decisions (data/decisions.toml): one of each kind for the main initiative's bodies,
closed ones with their stances and outcomes, one open with some votes, one draft."""

from datetime import datetime, timedelta

from django.utils import timezone

from commun.activities.models import Activity
from commun.demo.cast import Cast, data
from commun.governance.decisions import FIXED_OPTIONS
from commun.governance.models import Decision, DecisionOption, Stance, StanceChoice
from commun.initiatives.models import Initiative
from commun.measurement.models import Indicator

Status = Decision.Status


def loaded(initiative: Initiative) -> bool:
    return Decision.objects.filter(body__initiative=initiative).exists()


def load(cast: Cast) -> None:
    for row in data("decisions")["decisions"]:
        body = cast.body(row["body"])
        if body is not None:
            load_decision(cast, body, row)


def load_decision(cast: Cast, body, row: dict) -> None:
    initiative = cast.initiative
    now = timezone.now()
    opened, closes = row.get("opened"), row.get("closes")
    if "open_days" in row:
        opened, closes = now - timedelta(days=2), now + timedelta(days=row["open_days"])
    closed = closes if closes and closes <= now else None
    if opened is None:
        status = Status.DRAFT
    elif closed is None:
        status = Status.OPEN
    else:
        status = Status.DECIDED if "outcome_fr" in row else Status.CLOSED
    decision = Decision.objects.create(
        body=body,
        kind=row["kind"],
        title_fr=row["title_fr"],
        title_en=row["title_en"],
        proposal_fr=row["proposal_fr"],
        proposal_en=row["proposal_en"],
        status=status,
        opened_at=opened,
        closes_at=closes,
        closed_at=closed,
        max_score=row.get("max_score"),
        outcome_fr=row.get("outcome_fr", ""),
        outcome_en=row.get("outcome_en", ""),
        review_on=row.get("review_on"),
        reviewed_on=row.get("reviewed_on"),
        published=row.get("published", False),
        canvas=row.get("canvas", ""),
        indicator=Indicator.objects.filter(
            initiative=initiative, code=row.get("indicator")
        ).first(),
        activity=Activity.objects.filter(
            initiative=initiative, name_fr=row.get("activity")
        ).first(),
        created_by=cast.person("coordination"),
    )
    names = row.get("options") or ([] if opened is None else FIXED_OPTIONS.get(row["kind"], []))
    options = DecisionOption.objects.bulk_create(
        DecisionOption(
            decision=decision,
            order=n,
            key=name[0] if len(name) == 3 else "",
            name_fr=name[-2],
            name_en=name[-1],
        )
        for n, name in enumerate(names, start=1)
    )
    for n, stance in enumerate(row.get("stances", [])):
        add_stance(cast, decision, options, stance, opened + timedelta(hours=3 * (n + 1)))


def add_stance(cast, decision, options, row: dict, when: datetime) -> None:
    person = cast.person(row["person"])
    if person is None:
        return
    seat = decision.body.members.filter(user=person).first()
    Stance.objects.filter(decision=decision, person=person, latest=True).update(latest=False)
    stance = Stance.objects.create(
        decision=decision,
        person=person,
        partner=seat.partner if seat else None,
        reason=row.get("reason", ""),
    )
    Stance.objects.filter(pk=stance.pk).update(cast_at=when)
    if "values" in row:
        chosen = dict(zip(options, row["values"], strict=True))
    elif isinstance(row["option"], str):
        chosen = {next(o for o in options if o.key == row["option"]): 1}
    else:
        chosen = {options[row["option"]]: 1}
    StanceChoice.objects.bulk_create(
        StanceChoice(stance=stance, option=option, value=value) for option, value in chosen.items()
    )
