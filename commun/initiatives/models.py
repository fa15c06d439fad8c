"""Who is who: networks, initiatives, partner organizations, memberships and governance bodies."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.formatting.sorting import dictionary_order
from commun.i18n import TranslatedField
from commun.initiatives.roles import PARTNER_ROLES, Role

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and hyphens only (for example: table-quartier-nord)."),
)


class Sector(models.TextChoices):
    COMMUNITY = "community", _("Community")
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")
    PHILANTHROPIC = "philanthropic", _("Philanthropic")
    EDUCATION = "education", _("Education and research")
    RESIDENTS = "residents", _("Residents and people with lived experience")


class Phase(models.TextChoices):
    INITIATE = "initiate", _("Phase I — Initiate action")
    ORGANIZE = "organize", _("Phase II — Organize for impact")
    SUSTAIN = "sustain", _("Phase III — Sustain action and impact")


class ContentLanguages(models.TextChoices):
    BILINGUAL = "fr,en", _("French and English")
    FRENCH = "fr", _("French only")
    ENGLISH = "en", _("English only")


class Network(models.Model):
    """An optional group of initiatives that learn together (e.g. a national network of local tables)."""

    slug = models.SlugField(_("short name in addresses"), unique=True, validators=[slug_validator])
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    history = HistoricalRecords()

    name = TranslatedField()
    description = TranslatedField()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = [dictionary_order("name"), "pk"]

    def __str__(self):
        return self.name


class Initiative(models.Model):
    """The unit everything else belongs to: one collective impact initiative."""

    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("network"),
    )
    slug = models.SlugField(_("short name in addresses"), unique=True, validators=[slug_validator])
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    issue_fr = models.TextField(_("issue statement (French)"), blank=True)
    issue_en = models.TextField(_("issue statement (English)"), blank=True)
    territory_fr = models.CharField(_("territory (French)"), max_length=200, blank=True)
    territory_en = models.CharField(_("territory (English)"), max_length=200, blank=True)
    languages = models.CharField(
        _("languages of the content"),
        max_length=5,
        choices=ContentLanguages.choices,
        default=ContentLanguages.BILINGUAL,
    )
    phase = models.CharField(
        _("phase"), max_length=10, choices=Phase.choices, default=Phase.INITIATE
    )
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    fiscal_year_start = models.PositiveSmallIntegerField(
        _("fiscal year starts in"),
        choices=list(MONTHS.items()),
        default=1,
        help_text=_(
            "For indicators reported by fiscal year: April reads “2023-24” as April 2023 to "
            "March 2024. January: the fiscal year is the calendar year."
        ),
    )
    is_public = models.BooleanField(
        _("has a public page"),
        default=False,
        help_text=_("Anyone can see the public page: name, issue, territory and partners."),
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["logo"])

    name = TranslatedField()
    issue = TranslatedField()
    territory = TranslatedField()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = [dictionary_order("name"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year_start__gte=1, fiscal_year_start__lte=12),
                name="initiative_fiscal_year_starts_in_a_month",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def content_languages(self) -> list[str]:
        return self.languages.split(",")


class PartnerQuerySet(models.QuerySet):
    def active(self):
        today = timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))


class Partner(models.Model):
    """A partner organization of one initiative."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="partners", verbose_name=_("initiative")
    )
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(
        _("name (English)"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty when the name is the same in both languages."),
    )
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    name = TranslatedField()
    description = TranslatedField()

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = [dictionary_order("name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "name_fr"], name="partner_name_unique_in_initiative"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="partner_leaves_after_joining",
            ),
        ]

    def __str__(self):
        return self.name

    def took_part(self, starts, ends) -> bool:
        """Whether the organization was a partner at some time from `starts` to before `ends`."""
        return took_part(self.joined_on, self.left_on, starts, ends)

    @property
    def is_active(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()


class Membership(models.Model):
    """A person's role in one initiative; partner roles act for one partner organization."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("initiative"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("partner organization"),
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = [dictionary_order("user__full_name", bilingual=False), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "initiative"], name="one_membership_per_initiative"
            ),
            models.CheckConstraint(
                condition=(Q(role__in=sorted(PARTNER_ROLES)) & Q(partner__isnull=False))
                | (~Q(role__in=sorted(PARTNER_ROLES)) & Q(partner__isnull=True)),
                name="partner_roles_name_their_partner",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class BodyKind(models.TextChoices):
    STEERING_COMMITTEE = "steering", _("Steering committee")
    ACTION_TEAM = "action_team", _("Action team")
    WORKING_GROUP = "working_group", _("Working group")
    ADVISORY = "advisory", _("Advisory committee")


class GovernanceBody(models.Model):
    """A steering committee, action team or working group, with its mandate."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("initiative")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    mandate_fr = models.TextField(_("mandate (French)"), blank=True)
    mandate_en = models.TextField(_("mandate (English)"), blank=True)
    meeting_rhythm_fr = models.CharField(_("meeting rhythm (French)"), max_length=200, blank=True)
    meeting_rhythm_en = models.CharField(_("meeting rhythm (English)"), max_length=200, blank=True)
    created_on = models.DateField(_("created on"), default=timezone.localdate)
    history = HistoricalRecords()

    name = TranslatedField()
    mandate = TranslatedField()
    meeting_rhythm = TranslatedField()

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        ordering = ["kind", dictionary_order("name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "name_fr"], name="body_name_unique_in_initiative"
            ),
        ]

    def __str__(self):
        return self.name


class BodyRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class BodyMember(models.Model):
    """A seat on a governance body: a person of the initiative, for a term."""

    body = models.ForeignKey(
        GovernanceBody, on_delete=models.CASCADE, related_name="members", verbose_name=_("body")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="body_seats",
        verbose_name=_("person"),
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="body_seats",
        verbose_name=_("on behalf of"),
    )
    role = models.CharField(_("role on the body"), max_length=20, choices=BodyRole.choices)
    term_start = models.DateField(_("term starts"), default=timezone.localdate)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body member")
        verbose_name_plural = _("body members")
        ordering = ["role", dictionary_order("user__full_name", bilingual=False), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "user"], name="one_seat_per_person_per_body"),
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="term_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.body}"


def took_part(joined_on, left_on, starts, ends) -> bool:
    """Whether an organization that joined on `joined_on` and left on `left_on` (None: not yet)
    was a partner at some time from `starts` to before `ends`."""
    joined = joined_on is None or joined_on < ends
    still_there = left_on is None or left_on >= starts
    return joined and still_there
