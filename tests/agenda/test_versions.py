"""Published versions and endorsements, through the functions the pages call."""

import pytest
from django.utils import translation

from commun.agenda.models import Canvas, Endorsement
from commun.agenda.versions import NotEndorsable, publish_version, record_endorsement
from commun.initiatives.models import Membership


def publish_with_vision(initiative, text, by):
    Canvas.objects.update_or_create(
        initiative=initiative,
        key="vision",
        defaults={"texts": {"vision": {"fr": text, "en": text}}},
    )
    return publish_version(initiative, by)


def test_only_the_latest_version_is_endorsed_and_an_older_one_stores_nothing(people, initiative):
    editor = people["partner_editor"]
    partner = Membership.objects.get(user=editor, initiative=initiative).partner
    old = publish_with_vision(initiative, "Une vision", people["backbone_admin"])
    latest = publish_with_vision(initiative, "Une vision plus neuve", people["backbone_admin"])
    before = Endorsement.objects.count()

    with translation.override("fr"), pytest.raises(NotEndorsable) as refused:
        record_endorsement(old, partner, Endorsement.Decision.ENDORSED, "", editor)
    assert str(refused.value) == (
        f"La version {old.number} n'est plus la plus récente : seule la plus récente peut être "
        "endossée."
    )
    assert Endorsement.objects.count() == before

    record_endorsement(latest, partner, Endorsement.Decision.ENDORSED, "", editor)
    assert Endorsement.objects.get(version=latest, partner=partner).decided_by == editor
