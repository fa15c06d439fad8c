"""The demo's first step: the network, its two initiatives, their partners, governance bodies,
people and seats (data/initiatives.toml), and the logins `commun demo` prints."""

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext_noop

from commun.demo.cast import DEMO_PASSWORD, MAIN_SLUG, DemoLogin, data, email
from commun.initiatives.models import (
    BodyMember,
    GovernanceBody,
    Initiative,
    Membership,
    Network,
    Partner,
)
from commun.people.models import User

LOGINS = [
    (gettext_noop("Site administrator"), "admin"),
    (gettext_noop("Backbone administrator"), "direction"),
    (gettext_noop("Backbone staff"), "coordination"),
    (gettext_noop("Partner editor"), "repondante"),
    (gettext_noop("Partner member"), "membre"),
    (gettext_noop("Observer"), "observateur"),
    (gettext_noop("Administrator of another initiative"), "autre"),
]


def logins() -> list[DemoLogin]:
    return [DemoLogin(role, email(key), DEMO_PASSWORD) for role, key in LOGINS]


def loaded() -> bool:
    return Initiative.objects.filter(slug=MAIN_SLUG).exists()


def load() -> None:
    content = data("initiatives")
    network = Network.objects.create(**content["network"])
    initiatives = {}
    for row in content["initiatives"]:
        fields = {k: v for k, v in row.items() if k not in ("key", "logo")}
        initiatives[row["key"]] = Initiative.objects.create(network=network, **fields)
    for row in content["initiatives"]:
        if "logo" in row:
            _give_logo(
                initiatives[row["key"]], row["logo"]["initials"], tuple(row["logo"]["colour"])
            )

    partners = {}
    for row in content["partners"]:
        fields = {k: v for k, v in row.items() if k not in ("key", "initiative")}
        partners[row["key"]] = Partner.objects.create(
            initiative=initiatives[row["initiative"]], **fields
        )
    bodies = {}
    for row in content["bodies"]:
        fields = {k: v for k, v in row.items() if k not in ("key", "initiative")}
        body = GovernanceBody.objects.create(initiative=initiatives[row["initiative"]], **fields)
        bodies[row["initiative"], row["key"]] = body

    admin = content["site_admin"]
    _person(admin["key"], admin["full_name"], admin["language"], superuser=True)
    people = {}
    for row in content["people"]:
        person = _person(row["key"], row["full_name"], row["language"])
        partner = partners.get(row.get("partner"))
        Membership.objects.create(
            user=person,
            initiative=initiatives[row["initiative"]],
            role=row["role"],
            partner=partner,
        )
        people[row["key"]] = (person, partner)
    for row in content["seats"]:
        person, partner = people[row["person"]]
        BodyMember.objects.create(
            body=bodies[row["initiative"], row["body"]],
            user=person,
            partner=partner,
            role=row["role"],
            term_start=row["term_start"],
            term_end=row.get("term_end"),
        )


def restore_logins() -> None:
    """Every printed login works: an account changed since (password, deactivated, admin rights)
    is set back, so `commun demo` always prints logins that open."""
    for _role, key in LOGINS:
        user = User.objects.filter(email__iexact=email(key)).first()
        if user is None:
            continue
        changed = []
        if key == data("initiatives")["site_admin"]["key"] and not (
            user.is_staff and user.is_superuser
        ):
            user.is_staff = user.is_superuser = True
            changed += ["is_staff", "is_superuser"]
        if not user.is_active:
            user.is_active = True
            changed.append("is_active")
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed.append("password")
        if changed:
            user.save(update_fields=changed)


def _person(key: str, full_name: str, language: str, superuser: bool = False) -> User:
    """The demo account, created with the demo password (people are shared by initiatives)."""
    user = User.objects.filter(email__iexact=email(key)).first()
    if user is not None:
        return user
    create = User.objects.create_superuser if superuser else User.objects.create_user
    return create(email(key), DEMO_PASSWORD, full_name=full_name, language=language)


def _give_logo(initiative: Initiative, initials: str, colour: tuple[int, int, int]) -> None:
    """A small generated PNG logo."""
    name = f"{initiative.slug}.png"
    field = initiative.logo
    stored = field.field.generate_filename(initiative, name)
    if field.storage.exists(stored):  # a previous load already drew it: reuse the file
        field.name = stored
        initiative.save(update_fields=["logo"])
    else:
        field.save(name, ContentFile(_logo_png(initials, colour)), save=True)


def _logo_png(initials: str, colour: tuple[int, int, int], size: int = 256) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(*colour, 255))
    draw.arc((28, 28, size - 28, size - 28), start=200, end=340, fill=(255, 200, 60, 255), width=10)
    try:
        font = ImageFont.load_default(size=size // 3)
        draw.text((size / 2, size / 2 + 10), initials, fill="white", font=font, anchor="mm")
    except (ImportError, OSError, TypeError, ValueError):  # no FreeType: the small bitmap font
        draw.text((size / 2 - 8, size / 2 - 6), initials, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
