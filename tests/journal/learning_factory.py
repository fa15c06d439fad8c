"""Learning sessions, their lines, interpretations and observed outcomes for the tests, in the
demo initiative (which holds no journal data yet)."""

from datetime import date

from commun.activities.models import Activity
from commun.journal.models import (
    ChangeKind,
    Interpretation,
    LearningFormat,
    LearningSession,
    NowWhat,
    ObservedOutcome,
    SocialActor,
)
from commun.measurement.models import Aggregate, Indicator


def indicator_with_figures(initiative) -> Indicator:
    """The demo's first indicator seen by members that has approved totals."""
    ids = Aggregate.objects.filter(
        indicator__initiative=initiative, scope=Aggregate.Scope.APPROVED, breakdown=""
    ).values("indicator_id")
    return (
        Indicator.objects.filter(initiative=initiative, pk__in=ids)
        .filter(Indicator.MEMBERS_SEE)
        .order_by("code")
        .first()
    )


def session(initiative, **fields) -> LearningSession:
    values = {
        "title_fr": "Séance sur la sécurité alimentaire",
        "title_en": "Session on food security",
        "held_on": date(2026, 2, 4),
        "format": LearningFormat.WHAT_SO_WHAT,
        "what_fr": "Les chiffres montent.",
        "what_en": "The figures go up.",
    }
    values.update(fields)
    return LearningSession.objects.create(initiative=initiative, **values)


def line(session, text="Réunir les banques alimentaires", **fields) -> NowWhat:
    return NowWhat.objects.create(session=session, text_fr=text, **fields)


def interpretation(indicator, text="Hausse après l'ouverture du marché", **fields):
    return Interpretation.objects.create(indicator=indicator, text_fr=text, **fields)


def actor(initiative, name="Conseil d'arrondissement") -> SocialActor:
    found, _created = SocialActor.objects.get_or_create(
        initiative=initiative, name_fr=name, defaults={"kind": "institution"}
    )
    return found


def outcome(initiative, title="L'arrondissement ouvre un local", **fields) -> ObservedOutcome:
    values = {
        "actor": fields.pop("actor", None) or actor(initiative),
        "kind": ChangeKind.values[0],
        "title_fr": title,
        "observed_on": date(2025, 11, 3),
        "status": ObservedOutcome.Status.PUBLISHED,
    }
    values.update(fields)
    return ObservedOutcome.objects.create(initiative=initiative, **values)


def an_activity(initiative) -> Activity:
    return Activity.objects.filter(initiative=initiative).order_by("pk").first()
