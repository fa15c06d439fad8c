"""Continuous communication as data: the communication plan (its audiences, for each the level of
engagement sought on the wheel, the promise made to them, key messages, channels, frequency and
owner) and the log of what was actually communicated, so planned against delivered and the level
sought against the level reached can be read."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.i18n import TranslatedField
from commun.initiatives.models import GovernanceBody, Initiative
from commun.rich_text import rich_text_field


class Level(models.IntegerChoices):
    """The wheel of engagement (the spectrum of public participation), lowest first."""

    INFORM = 1, _("Inform")
    CONSULT = 2, _("Consult")
    INVOLVE = 3, _("Involve")
    COLLABORATE = 4, _("Collaborate")
    EMPOWER = 5, _("Empower")


class AudienceKind(models.TextChoices):
    PARTNERS = "partners", _("Partners")
    RESIDENTS = "residents", _("Residents and people with lived experience")
    FUNDERS = "funders", _("Funders")
    ELECTED = "elected", _("Elected officials")
    MEDIA = "media", _("Media")
    PUBLIC = "public", _("The wider public")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    NEWSLETTER = "newsletter", _("Newsletter")
    NEWS = "news", _("Public update")
    MEETING = "meeting", _("Meeting")
    EMAIL = "email", _("E-mail")
    SOCIAL = "social", _("Social media post")
    EVENT = "event", _("Public event")
    CONSULTATION = "consultation", _("Consultation")
    WORKSHOP = "workshop", _("Co-design workshop")
    MEDIA = "media", _("Media")
    REPORT = "report", _("Report")


class Frequency(models.TextChoices):
    """How often an audience is to hear from the initiative; `PER_QUARTER` says how many times a
    quarter that is, to compare with what the log holds."""

    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")
    HALF_YEARLY = "half_yearly", _("Twice a year")
    YEARLY = "yearly", _("Once a year")


PER_QUARTER = {
    Frequency.WEEKLY: 13,
    Frequency.MONTHLY: 3,
    Frequency.QUARTERLY: 1,
    Frequency.HALF_YEARLY: 0.5,
    Frequency.YEARLY: 0.25,
}


class Audience(models.Model):
    """One audience of the communication plan."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="audiences")
    kind = models.CharField(_("kind"), max_length=12, choices=AudienceKind.choices)
    name_fr = models.CharField(_("audience (French)"), max_length=200)
    name_en = models.CharField(_("audience (English)"), max_length=200, blank=True)
    level_sought = models.PositiveSmallIntegerField(
        _("engagement level sought"), choices=Level.choices
    )
    promise_fr = models.TextField(_("promise to this audience (French)"), blank=True)
    promise_en = models.TextField(_("promise to this audience (English)"), blank=True)
    messages_fr = models.TextField(_("key messages (French)"), blank=True)
    messages_en = models.TextField(_("key messages (English)"), blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)  # Channel values
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (person)"),
    )
    owner_body = models.ForeignKey(
        GovernanceBody,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (body)"),
    )
    # The group of the engagement assessment ("residents", "community"…) that speaks for this
    # audience: its rounds say where the initiative stands with it, as partners see it.
    engagement_group = models.CharField(
        _("group in the engagement assessment"), max_length=60, blank=True
    )
    history = HistoricalRecords()

    name = TranslatedField()
    promise = TranslatedField()
    messages = TranslatedField()

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["initiative", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "name_fr"], name="audience_name_unique_in_initiative"
            )
        ]

    def __str__(self):
        return self.name

    def channel_names(self) -> list[str]:
        names = dict(Channel.choices)
        return [str(names[key]) for key in self.channels if key in names]


class Communication(models.Model):
    """One communication actually made: a newsletter sent, a public update, a meeting held, a
    post, a consultation; for which audiences, at which level of engagement."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="communications"
    )
    sent_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    level = models.PositiveSmallIntegerField(_("engagement level"), choices=Level.choices)
    title_fr = models.CharField(_("what (French)"), max_length=300)
    title_en = models.CharField(_("what (English)"), max_length=300, blank=True)
    link = models.URLField(_("link"), blank=True)
    reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    audiences = models.ManyToManyField(
        Audience, related_name="communications", verbose_name=_("audiences")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()
    title = TranslatedField()

    class Meta:
        verbose_name = _("communication")
        verbose_name_plural = _("communications")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["initiative", "sent_on"])]

    def __str__(self):
        return self.title


class NewsItem(models.Model):
    """A public update: written in both languages, published on the initiative's public page and
    its feeds, and sent, once, as a newsletter to the confirmed subscribers."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="news")
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_fr = rich_text_field(_("text (French)"))
    body_en = rich_text_field(_("text (English)"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent as a newsletter at"), null=True, blank=True)
    sent_to = models.PositiveIntegerField(_("sent to"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    title = TranslatedField()
    body = TranslatedField()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [models.Index(fields=["initiative", "published_at"])]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Subscriber(models.Model):
    """Someone who asked for the newsletter: confirmed by the link sent to their address (double
    opt-in), and gone with one click (`token` signs both links)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="subscribers")
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    token = models.CharField(max_length=64, unique=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    left_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["initiative", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "initiative", name="one_subscription_per_address"
            )
        ]

    def __str__(self):
        return self.email

    @property
    def receives(self) -> bool:
        return self.confirmed_at is not None and self.left_at is None
