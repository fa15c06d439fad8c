"""Who changes: the social actors whose behaviour, relationships, actions, policies or practices
the initiative hopes to influence. A boundary partner (Outcome Mapping) is one the initiative works
with directly; its progress markers say what the initiative expects, would like and would love to
see it do."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.i18n import TranslatedField
from commun.initiatives.models import Initiative, Partner


class ActorKind(models.TextChoices):
    PARTNER = "partner", _("A partner of the initiative")
    ORGANIZATION = "organization", _("Another organization")
    RESIDENTS = "residents", _("A group of residents")
    INSTITUTION = "institution", _("An institution")
    OTHER = "other", _("Other")


class SocialActor(models.Model):
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="social_actors"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActorKind.choices)
    partner = models.ForeignKey(  # when the actor is one of the initiative's partners
        Partner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    boundary_partner = models.BooleanField(
        _("boundary partner"),
        default=False,
        help_text=_("The initiative works with it directly and follows its progress markers."),
    )
    history = HistoricalRecords()
    name = TranslatedField()

    class Meta:
        verbose_name = _("social actor")
        verbose_name_plural = _("social actors")
        ordering = ["name_fr", "pk"]
        constraints = [
            models.UniqueConstraint(
                "initiative",
                Lower("name_fr"),
                name="social_actor_name_unique_per_initiative",
                violation_error_message=_("This initiative already has an actor of this name."),
            )
        ]

    def __str__(self):
        return self.name


class MarkerLevel(models.IntegerChoices):
    """Outcome Mapping's graduated progress markers."""

    EXPECT = 1, _("Expect to see")
    LIKE = 2, _("Like to see")
    LOVE = 3, _("Love to see")


class ProgressMarker(models.Model):
    actor = models.ForeignKey(SocialActor, on_delete=models.CASCADE, related_name="markers")
    level = models.PositiveSmallIntegerField(_("level"), choices=MarkerLevel.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_fr = models.CharField(_("marker (French)"), max_length=400)
    text_en = models.CharField(_("marker (English)"), max_length=400, blank=True)
    history = HistoricalRecords()
    text = TranslatedField()

    class Meta:
        verbose_name = _("progress marker")
        verbose_name_plural = _("progress markers")
        ordering = ["actor", "level", "order", "pk"]

    def __str__(self):
        return self.text
