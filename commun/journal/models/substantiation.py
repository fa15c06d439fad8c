"""Substantiation: people who know about an outcome, inside Commun or not, asked by a signed link
that expires to say how far they agree with its description, its significance and the
initiative's contribution, and to add what they know. Their answer is kept with the outcome."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from commun.journal.models.outcomes import ObservedOutcome


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Agreement(models.IntegerChoices):
    FULLY = 3, _("I fully agree")
    PARTLY = 2, _("I partly agree")
    DISAGREE = 1, _("I disagree")
    UNKNOWN = 0, _("I cannot say")


class Substantiation(models.Model):
    outcome = models.ForeignKey(
        ObservedOutcome, on_delete=models.CASCADE, related_name="substantiations"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    person = models.ForeignKey(  # when the person has an account
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A new token (asking again) makes the earlier link worthless; the link is signed and
    # carries its time, so it expires even if the row is copied.
    token = models.CharField(max_length=64, unique=True, default=new_token)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("link valid until"))
    # The answer.
    description_agreement = models.SmallIntegerField(
        _("the description of the change"), choices=Agreement.choices, null=True, blank=True
    )
    significance_agreement = models.SmallIntegerField(
        _("why it matters"), choices=Agreement.choices, null=True, blank=True
    )
    contribution_agreement = models.SmallIntegerField(
        _("the initiative's contribution"), choices=Agreement.choices, null=True, blank=True
    )
    comment = models.TextField(_("what you know about it"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("substantiation")
        verbose_name_plural = _("substantiations")
        ordering = ["outcome", "requested_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
