"""Forms of meetings: the meeting, an agenda item, attendance, minutes, amendments, action
items arising."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.activities.models import SharedAction
from commun.agenda.canvases import CANVASES
from commun.forms import Form, IsoDateInput, IsoDateTimeInput, ModelForm
from commun.governance.models import (
    Amendment,
    Attendance,
    Decision,
    Meeting,
    MeetingItem,
    Minutes,
    RoleArea,
)
from commun.initiatives.forms import HttpsURLField
from commun.initiatives.models import GovernanceBody, Partner
from commun.measurement.models import Indicator
from commun.people.models import User


class MeetingForm(ModelForm):
    class Meta:
        model = Meeting
        fields = ["title_fr", "title_en", "starts_at", "ends_at", "place", "link", "status"]
        widgets = {"starts_at": IsoDateTimeInput(), "ends_at": IsoDateTimeInput()}
        field_classes = {"link": HttpsURLField}

    def __init__(self, *args, body: GovernanceBody, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.instance.pk:
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return cleaned


def people_of(initiative):
    return User.objects.filter(memberships__initiative=initiative, is_active=True).order_by(
        "full_name"
    )


class MeetingItemForm(ModelForm):
    class Meta:
        model = MeetingItem
        fields = [
            "title_fr",
            "title_en",
            "presenter",
            "minutes",
            "document",
            "indicator",
            "canvas",
            "shared_action",
            "decision",
        ]
        field_classes = {"document": HttpsURLField}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        initiative = meeting.body.initiative
        self.fields["presenter"].queryset = people_of(initiative)
        self.fields["indicator"].queryset = Indicator.objects.filter(initiative=initiative)
        self.fields["shared_action"].queryset = SharedAction.objects.filter(initiative=initiative)
        self.fields["decision"].queryset = Decision.objects.filter(body__initiative=initiative)
        self.fields["canvas"] = forms.ChoiceField(
            label=_("canvas"),
            required=False,
            choices=[("", "—"), *((c.key, c.title) for c in CANVASES)],
        )


class AttendanceForm(ModelForm):
    class Meta:
        model = Attendance
        fields = ["presence", "proxy"]

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proxy"].queryset = people_of(initiative)

    def clean(self):
        cleaned = super().clean()
        proxy = cleaned.get("proxy")
        if cleaned.get("presence") == Attendance.Presence.PROXY:
            if proxy is None:
                self.add_error("proxy", _("Say who holds the proxy."))
            elif proxy.pk == self.instance.person_id:
                self.add_error("proxy", _("A person cannot hold their own proxy."))
        else:
            cleaned["proxy"] = None
        return cleaned


class GuestForm(Form):
    person = forms.ModelChoiceField(label=_("Guest"), queryset=User.objects.none())
    partner = forms.ModelChoiceField(
        label=_("organization"), queryset=Partner.objects.none(), required=False
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        initiative = meeting.body.initiative
        listed = meeting.attendance.values_list("person_id", flat=True)
        self.fields["person"].queryset = people_of(initiative).exclude(pk__in=listed)
        self.fields["partner"].queryset = Partner.objects.filter(initiative=initiative)


class MinutesForm(ModelForm):
    class Meta:
        model = Minutes
        fields = ["text_fr", "text_en"]


class AmendmentWindowForm(Form):
    until = forms.DateField(label=_("Open for amendments until"), widget=IsoDateInput())


class AmendmentForm(ModelForm):
    class Meta:
        model = Amendment
        fields = ["text"]
        labels = {"text": _("The change you propose")}


class ApprovalForm(Form):
    meeting = forms.ModelChoiceField(label=_("Approved at the meeting of"), queryset=None)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class ActionItemForm(ModelForm):
    """An action arising from the meeting: owned by the body unless a person is named."""

    class Meta:
        model = SharedAction
        fields = ["title_fr", "title_en", "owner_person", "due"]
        widgets = {"due": IsoDateInput()}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiative = meeting.body.initiative
        self.instance.owner_body = meeting.body
        self.instance.status = SharedAction.Status.TO_DO
        self.fields["owner_person"].queryset = people_of(meeting.body.initiative)
        self.fields["owner_person"].help_text = _("Leave empty: the body owns it.")
        self.fields["roles_from"] = forms.ModelChoiceField(
            label=_("Who does what, as for"),
            help_text=_(
                "The action takes the roles of this area (RACI); whoever is responsible owns it."
            ),
            queryset=RoleArea.objects.filter(initiative=meeting.body.initiative).select_related(
                "strategy", "shared_action"
            ),
            required=False,
        )
