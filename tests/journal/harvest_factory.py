"""Journal data for the harvest tests: actors, markers, outcomes (by the ORM), campaigns."""

from datetime import date, timedelta

from django.utils import timezone

from commun.initiatives.models import Partner
from commun.journal.models import (
    HarvestCampaign,
    MarkerLevel,
    ObservedOutcome,
    ProgressMarker,
    SocialActor,
    Substantiation,
)


def make_actor(initiative, name="Comité des résidents", **fields) -> SocialActor:
    fields.setdefault("kind", "residents")
    return SocialActor.objects.create(initiative=initiative, name_fr=name, **fields)


def make_marker(actor, level=MarkerLevel.EXPECT, text="Participe aux rencontres", order=0):
    return ProgressMarker.objects.create(
        actor=actor, level=level, text_fr=text, text_en=f"EN {text}", order=order
    )


def make_outcome(initiative, actor=None, status="draft", observed_on=None, **fields):
    actor = actor or make_actor(initiative, name=f"Acteur {SocialActor.objects.count()}")
    markers = fields.pop("markers", [])
    outcome = ObservedOutcome.objects.create(
        initiative=initiative,
        actor=actor,
        kind="behaviour",
        title_fr=fields.pop("title_fr", "Le comité tient ses rencontres"),
        title_en=fields.pop("title_en", "The committee holds its meetings"),
        description_fr="Description en français",
        description_en="Description in English",
        significance_fr="Importance en français",
        significance_en="Significance in English",
        contribution_fr="Contribution en français",
        contribution_en="Contribution in English",
        observed_on=observed_on or date(2026, 5, 12),
        status=status,
        **fields,
    )
    outcome.markers.set(markers)
    return outcome


def make_request(outcome, by=None, days=21, **fields) -> Substantiation:
    fields.setdefault("name", "Louise Témoin")
    fields.setdefault("email", "louise@example.org")
    fields.setdefault("language", "en")
    return Substantiation.objects.create(
        outcome=outcome,
        requested_by=by,
        expires_at=timezone.now() + timedelta(days=days),
        **fields,
    )


def make_campaign(initiative, partners=(), bodies=(), deadline=None, **fields):
    today = timezone.localdate()
    campaign = HarvestCampaign.objects.create(
        initiative=initiative,
        title_fr=fields.pop("title_fr", "Collecte du printemps"),
        title_en=fields.pop("title_en", "Spring harvest"),
        period_start=fields.pop("period_start", today - timedelta(days=90)),
        period_end=fields.pop("period_end", today),
        deadline=deadline or today + timedelta(days=20),
        **fields,
    )
    campaign.partners.set(partners)
    campaign.bodies.set(bodies)
    return campaign


def two_partners(initiative, editor_partner_id):
    """The partner editor's own partner and another one."""
    own = Partner.objects.get(pk=editor_partner_id)
    other = Partner.objects.filter(initiative=initiative).exclude(pk=own.pk).order_by("pk").first()
    return own, other
