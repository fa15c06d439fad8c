"""The demo's cast: stable keys for the initiatives, partners, people and governance bodies, and the
lookups every step shares. Data files name partners, people and bodies only by these keys."""

import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from commun.initiatives.models import GovernanceBody, Initiative, Membership, Partner
from commun.initiatives.roles import Role
from commun.people.models import User

DATA = Path(__file__).parent / "data"

DEMO_PASSWORD = "commun-demo-2026"
DEMO_DOMAIN = "demo.commun.example"
MAIN_SLUG = "table-quartier-saint-roch"
OTHER_SLUG = "table-jeunesse-littoral"
STAFF = "coordination"  # the backbone staff person who publishes, imports and reviews


@dataclass(frozen=True)
class DemoLogin:
    role: str  # a human label in English, e.g. "Backbone administrator"; the caller translates it
    email: str
    password: str


@cache
def data(name: str) -> dict:
    """The demo's data file `data/<name>.toml`."""
    with (DATA / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def email(person_key: str) -> str:
    """A demo person's e-mail address: their key is its local part."""
    return f"{person_key}@{DEMO_DOMAIN}"


class Cast:
    """Who is who in one demo initiative, found by stable key."""

    def __init__(self, initiative: Initiative):
        self.initiative = initiative
        key = next(
            row["key"]
            for row in data("initiatives")["initiatives"]
            if row["slug"] == initiative.slug
        )
        self.partner_rows = [
            row for row in data("initiatives")["partners"] if row["initiative"] == key
        ]
        self.initiative_key = key

    @cached_property
    def partners(self) -> dict[str, Partner]:
        """{partner key: Partner}, for the partners the initiative has."""
        by_name = {p.name_fr: p for p in Partner.objects.filter(initiative=self.initiative)}
        return {
            row["key"]: by_name[row["name_fr"]]
            for row in self.partner_rows
            if row["name_fr"] in by_name
        }

    def partner(self, key: str | None) -> Partner | None:
        return self.partners.get(key) if key else None

    @cached_property
    def _keys(self) -> dict[int, str]:
        return {p.pk: key for key, p in self.partners.items()}

    def key_of(self, partner: Partner | None) -> str | None:
        """The stable key of one of the initiative's partners."""
        return self._keys.get(partner.pk) if partner else None

    @cached_property
    def _editors(self) -> dict[int, User]:
        editors = {}
        for membership in (
            Membership.objects.filter(initiative=self.initiative, role=Role.PARTNER_EDITOR)
            .select_related("user")
            .order_by("pk")
        ):
            editors.setdefault(membership.partner_id, membership.user)
        return editors

    def editor(self, partner_key: str | None) -> User | None:
        """The person who acts for a partner: its first partner editor, if it has one."""
        partner = self.partner(partner_key)
        return self._editors.get(partner.pk) if partner else None

    def person(self, key: str) -> User | None:
        return User.objects.filter(email__iexact=email(key)).first()

    def membership(self, key: str) -> Membership | None:
        return (
            Membership.objects.filter(initiative=self.initiative, user__email__iexact=email(key))
            .select_related("user", "partner")
            .first()
        )

    @cached_property
    def staff(self) -> User | None:
        return self.person(STAFF)

    def body(self, key: str | None) -> GovernanceBody | None:
        rows = data("initiatives")["bodies"]
        names = [
            r["name_fr"] for r in rows if r["initiative"] == self.initiative_key and r["key"] == key
        ]
        if not names:
            return None
        return GovernanceBody.objects.filter(initiative=self.initiative, name_fr=names[0]).first()
