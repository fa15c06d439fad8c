"""The forms of a body's terms of reference: its rules, its seats by sector, an answer."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from commun.agenda.forms import EndorsementForm
from commun.forms import ModelForm
from commun.governance.models import DecisionRule, QuorumKind, Seat, Terms, TermsEndorsement
from commun.initiatives.models import GovernanceBody


class TermsForm(ModelForm):
    class Meta:
        model = Terms
        fields = [
            "quorum_kind",
            "quorum_value",
            "decision_rule",
            "qualified_share",
            "cadence",
            "term_months",
            "renewal_notice_days",
            "conflict_of_interest_fr",
            "conflict_of_interest_en",
        ]
        widgets = {
            "conflict_of_interest_fr": forms.Textarea(attrs={"rows": 4, "lang": "fr"}),
            "conflict_of_interest_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
        }
        help_texts = {
            "quorum_value": _(
                "For a share: the percentage of voting members (1 to 100). For a number: how "
                "many voting members."
            ),
            "qualified_share": _("For a qualified majority: the share of votes cast, above 50."),
        }

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("quorum_kind"), cleaned.get("quorum_value")
        if kind == QuorumKind.SHARE and not (value and 1 <= value <= 100):
            self.add_error("quorum_value", _("Give the quorum as a percentage from 1 to 100."))
        if kind == QuorumKind.COUNT and not value:
            self.add_error("quorum_value", _("Give how many voting members make the quorum."))
        share = cleaned.get("qualified_share")
        if cleaned.get("decision_rule") == DecisionRule.QUALIFIED and not (
            share and 50 < share <= 100
        ):
            self.add_error(
                "qualified_share", _("A qualified majority is a share above 50 and up to 100.")
            )
        return cleaned


SeatFormSet = inlineformset_factory(
    GovernanceBody,
    Seat,
    fields=["sector", "count"],
    extra=1,
    can_delete=True,
    min_num=0,
)


class TermsEndorsementForm(EndorsementForm):
    """A member's answer, with the agenda's choices and checks, in the member's own name."""

    REASON_NEEDED = {
        **EndorsementForm.REASON_NEEDED,
        TermsEndorsement.Decision.DECLINED: _("Say why you do not endorse it."),
    }

    class Meta(EndorsementForm.Meta):
        model = TermsEndorsement
        labels = {"reservation": _("Your reservations, or why you do not endorse")}
        help_texts = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = _("Your answer")


def save_terms(form: TermsForm, seats) -> bool:
    """Save what changed of the rules and the seats (in one transaction, by the caller); False
    when nothing did, and then nothing is written."""
    changed = False
    if form.has_changed():
        form.save()
        changed = True
    if seats.has_changed():
        seats.save()
        changed = changed or bool(
            seats.new_objects or seats.changed_objects or seats.deleted_objects
        )
    return changed
