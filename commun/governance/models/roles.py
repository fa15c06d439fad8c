"""Role clarification (RACI): for each strategy, shared action and decision area, who is
responsible, accountable (exactly one), consulted and informed — governance bodies, partners or
people."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.activities.models import SharedAction
from commun.agenda.models import Strategy
from commun.i18n import TranslatedField
from commun.initiatives.models import GovernanceBody, Initiative, Partner


class Letter(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class RoleArea(models.Model):
    """One line of the matrix: a strategy of the agenda, a shared action of the joint action plan,
    or a decision area named here ("the backbone's budget", "what is published")."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="role_areas")
    strategy = models.OneToOneField(
        Strategy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_area",
        verbose_name=_("strategy"),
    )
    shared_action = models.OneToOneField(
        SharedAction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_area",
        verbose_name=_("shared action"),
    )
    area_fr = models.CharField(_("decision area (French)"), max_length=300, blank=True)
    area_en = models.CharField(_("decision area (English)"), max_length=300, blank=True)
    history = HistoricalRecords()
    area = TranslatedField()

    class Meta:
        verbose_name = _("area of responsibility")
        verbose_name_plural = _("areas of responsibility")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(strategy__isnull=False, shared_action__isnull=True, area_fr="")
                    | Q(strategy__isnull=True, shared_action__isnull=False, area_fr="")
                    | (Q(strategy__isnull=True, shared_action__isnull=True) & ~Q(area_fr=""))
                ),
                name="role_area_is_one_thing",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def subject(self):
        return self.strategy or self.shared_action

    @property
    def name(self) -> str:
        subject = self.subject
        return str(subject) if subject is not None else self.area


class RoleHolder(models.Model):
    """Who holds one letter for one area: a governance body, a partner or a person."""

    area = models.ForeignKey(RoleArea, on_delete=models.CASCADE, related_name="holders")
    letter = models.CharField(_("role"), max_length=1, choices=Letter.choices)
    body = models.ForeignKey(
        GovernanceBody, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role holder")
        verbose_name_plural = _("role holders")
        ordering = ["area", "letter", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(body__isnull=False, partner__isnull=True, person__isnull=True)
                    | Q(body__isnull=True, partner__isnull=False, person__isnull=True)
                    | Q(body__isnull=True, partner__isnull=True, person__isnull=False)
                ),
                name="role_holder_is_one_holder",
            ),
            # One letter per holder and area; one accountable per area.
            models.UniqueConstraint(
                fields=["area", "body"], condition=Q(body__isnull=False), name="one_role_per_body"
            ),
            models.UniqueConstraint(
                fields=["area", "partner"],
                condition=Q(partner__isnull=False),
                name="one_role_per_partner",
            ),
            models.UniqueConstraint(
                fields=["area", "person"],
                condition=Q(person__isnull=False),
                name="one_role_per_person",
            ),
            models.UniqueConstraint(
                fields=["area"], condition=Q(letter="A"), name="one_accountable_per_area"
            ),
        ]

    def __str__(self):
        return f"{self.letter}: {self.holder}"

    @property
    def holder(self):
        return self.body or self.partner or self.person
