"""How the outcomes journal's pages hold up with 2,000 observed outcomes (issue 17).

Adds to the demo initiative 2,000 observed outcomes spread over five years (each with an actor,
one or two territories, activities, partners, strategies, progress markers, evidence and, for a
third, substantiation answers), then prints the server time of each page before and after, and
their ratio:

    COMMUN_DATA_DIR=/tmp/bench-journal uv run commun demo --no-serve
    COMMUN_DATA_DIR=/tmp/bench-journal uv run commun shell -c \\
        "from benchmarks.journal import run; run()"

Use a throw-away data folder: what it adds stays in that database.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from benchmarks.governance import PLAIN_STATIC, page_times
from commun.activities.models import Activity
from commun.agenda.models import Outcome, Strategy
from commun.initiatives.models import Initiative, Partner
from commun.journal.models import (
    ChangeKind,
    Evidence,
    HarvestCampaign,
    LearningSession,
    ObservedOutcome,
    ProgressMarker,
    SocialActor,
    Substantiation,
)
from commun.measurement.models import Territory
from commun.people.models import User

OUTCOMES = 2000
TARGET = {
    "territories": "territory",
    "activities": "activity",
    "partners": "partner",
    "strategies": "strategy",
}
STATUSES = ["published"] * 6 + ["review", "substantiated", "draft", "disputed"]
WORDS = [
    "locataires",
    "propriétaires",
    "employeurs",
    "école",
    "logement",
    "banque",
    "alimentaire",
    "cuisine",
    "collective",
    "arrondissement",
    "prestations",
    "stages",
    "emploi",
    "jardin",
    "marché",
    "éviction",
    "règlement",
    "fondation",
    "caisse",
]


def pages(initiative) -> dict[str, str]:
    slug = initiative.slug
    outcome = ObservedOutcome.objects.filter(initiative=initiative).order_by("-pk").first()
    actor = SocialActor.objects.filter(initiative=initiative, boundary_partner=True).first()
    session = LearningSession.objects.filter(initiative=initiative).first()
    harvest = HarvestCampaign.objects.filter(initiative=initiative).order_by("-deadline").first()
    indicator = session.indicators.first()
    strategy = Strategy.objects.filter(initiative=initiative).order_by("pk").first()
    return {
        "home": reverse("framework:home", args=[slug]),
        "journal": reverse("journal:overview", args=[slug]),
        "journal_searched": reverse("journal:overview", args=[slug]) + "?q=logement",
        "journal_filtered": reverse("journal:overview", args=[slug])
        + f"?status=published&strategy={strategy.pk}",
        "timeline": reverse("journal:timeline", args=[slug]),
        "map": reverse("journal:map", args=[slug]),
        "csv": reverse("journal:outcomes_csv", args=[slug]),
        "xlsx": reverse("journal:outcomes_xlsx", args=[slug]),
        "outcome": reverse("journal:outcome", args=[slug, outcome.pk]),
        "actors": reverse("journal:actors", args=[slug]),
        "markers_over_time": reverse("journal:actor", args=[slug, actor.pk]),
        "harvest": reverse("journal:harvest", args=[slug, harvest.pk]),
        "learning": reverse("journal:learning", args=[slug]),
        "session": reverse("journal:learning_session", args=[slug, session.pk]),
        "indicator": reverse("measurement:indicator", args=[slug, indicator.code]),
        "chain": reverse("activities:chain_outcome", args=[slug, outcome.intended_outcome_id]),
    }


def add_outcomes(initiative, seed: int = 1) -> None:
    rng = random.Random(seed)
    actors = list(SocialActor.objects.filter(initiative=initiative))
    markers = {a.pk: list(ProgressMarker.objects.filter(actor=a)) for a in actors}
    places = list(Territory.objects.filter(initiative=initiative))
    activities = list(Activity.objects.filter(initiative=initiative))
    partners = list(Partner.objects.filter(initiative=initiative))
    strategies = list(Strategy.objects.filter(initiative=initiative))
    goals = list(Outcome.objects.filter(initiative=initiative))
    harvests = list(HarvestCampaign.objects.filter(initiative=initiative))
    today = timezone.localdate()
    made = ObservedOutcome.objects.bulk_create(
        ObservedOutcome(
            initiative=initiative,
            actor=rng.choice(actors),
            kind=rng.choice(ChangeKind.values),
            title_fr=" ".join(rng.sample(WORDS, 6)).capitalize() + f" ({n})",
            title_en=f"Observed change number {n}",
            description_fr=" ".join(rng.choices(WORDS, k=40)),
            significance_fr=" ".join(rng.choices(WORDS, k=20)),
            observed_on=today - timedelta(days=rng.randrange(0, 5 * 365)),
            intended_outcome=rng.choice(goals),
            positive=rng.random() > 0.1,
            status=rng.choice(STATUSES),
            partner=rng.choice(partners),
            campaign=rng.choice(harvests),
        )
        for n in range(OUTCOMES)
    )

    def link(field, choices, most):
        through = getattr(ObservedOutcome, field).through
        target = TARGET[field]
        through.objects.bulk_create(
            through(observedoutcome=outcome, **{target: choice})
            for outcome in made
            for choice in rng.sample(choices, rng.randint(1, min(most, len(choices))))
        )

    link("territories", places, 2)
    link("activities", activities, 2)
    link("partners", partners, 3)
    link("strategies", strategies, 2)
    through = ObservedOutcome.markers.through
    through.objects.bulk_create(
        through(observedoutcome=outcome, progressmarker=marker)
        for outcome in made
        for marker in rng.sample(markers[outcome.actor_id], min(1, len(markers[outcome.actor_id])))
    )
    Evidence.objects.bulk_create(
        Evidence(
            outcome=outcome, kind="quote", text="« " + " ".join(rng.choices(WORDS, k=12)) + " »"
        )
        for outcome in made
    )
    now = timezone.now()
    Substantiation.objects.bulk_create(
        Substantiation(
            outcome=outcome,
            name=f"Personne {n}",
            email=f"personne{n}@example.org",
            language="fr",
            token=f"bench-{n}",
            expires_at=now + timedelta(days=10),
            description_agreement=3,
            significance_agreement=2,
            contribution_agreement=3,
            answered_at=now,
        )
        for n, outcome in enumerate(made[::3])
    )


def run() -> None:
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    with override_settings(
        ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, STORAGES=storages
    ):
        measure()


def measure() -> None:
    initiative = Initiative.objects.get(slug="table-quartier-saint-roch")
    before_count = ObservedOutcome.objects.filter(initiative=initiative).count()
    for who in ("coordination", "repondante"):
        client = Client()
        client.force_login(User.objects.get(email=f"{who}@demo.commun.example"))
        urls = pages(initiative)
        if who == "coordination":
            before = page_times(client, urls)
        else:
            before_partner = page_times(client, urls)
    add_outcomes(initiative)
    after_count = ObservedOutcome.objects.filter(initiative=initiative).count()
    print(f"# observed outcomes: {before_count} then {after_count}")
    for who, earlier in (("coordination", before), ("repondante", before_partner)):
        client = Client()
        client.force_login(User.objects.get(email=f"{who}@demo.commun.example"))
        urls = pages(initiative)
        after = page_times(client, urls)
        for name in urls:
            print(
                f"J1 {who} {name} {after[name] / earlier[name]:.2f} "
                f"({earlier[name] * 1000:.0f} ms then {after[name] * 1000:.0f} ms)"
            )
