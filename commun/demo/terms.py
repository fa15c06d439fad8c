"""The demo's terms of reference (data/terms.toml): rules and seats for the steering committee
and the action teams; the committee's terms published and answered by its members, and one
member's term ending soon."""

from datetime import timedelta

from django.utils import timezone

from commun.demo.cast import Cast, data
from commun.governance.models import Seat, Terms, TermsVersion
from commun.governance.rules import terms_of
from commun.governance.terms_forms import TermsForm
from commun.governance.terms_versions import publish_terms, record_endorsement
from commun.initiatives.models import BodyMember, Initiative

RULES = TermsForm.Meta.fields


def loaded(initiative: Initiative) -> bool:
    return TermsVersion.objects.filter(body__initiative=initiative).exists()


def load(cast: Cast) -> None:
    for row in data("terms")["terms"]:
        body = cast.body(row["body"])
        if body is None:
            continue
        terms: Terms = terms_of(body)
        for field in RULES:
            if field in row:
                setattr(terms, field, row[field])
        terms.save()
        for sector, count in row["seats"].items():
            Seat.objects.update_or_create(body=body, sector=sector, defaults={"count": count})
        if "ending_soon" in row:
            soon = row["ending_soon"]
            BodyMember.objects.filter(body=body, user=cast.person(soon["person"])).update(
                term_end=timezone.localdate() + timedelta(days=soon["days"])
            )
        if "published_by" in row:
            version = publish_terms(
                body, cast.person(row["published_by"]), row["note_fr"], row["note_en"]
            )
            for key in row.get("endorsed", []):
                record_endorsement(version, cast.person(key), "endorsed", "")
            if "reservation" in row:
                said = row["reservation"]
                record_endorsement(version, cast.person(said["person"]), "reservation", said["fr"])
