"""The forms of social actors and their progress markers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commun.forms import ModelForm
from commun.initiatives.models import Partner
from commun.journal.models import ActorKind, ProgressMarker, SocialActor


class ActorForm(ModelForm):
    class Meta:
        model = SocialActor
        fields = ["kind", "partner", "name_fr", "name_en", "boundary_partner"]

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        self.initiative = initiative
        self.fields["partner"].queryset = Partner.objects.filter(initiative=initiative)
        self.fields["partner"].help_text = _("When the actor is one of the initiative's partners.")

    def clean_name_fr(self):
        name = self.cleaned_data["name_fr"].strip()
        others = SocialActor.objects.filter(initiative=self.initiative).exclude(pk=self.instance.pk)
        # Compared in Python: SQLite lowers ASCII letters only ("É" would pass).
        if any(n.casefold() == name.casefold() for n in others.values_list("name_fr", flat=True)):
            raise forms.ValidationError(_("This initiative already has an actor of this name."))
        return name

    def clean(self):
        cleaned = super().clean()
        kind, partner = cleaned.get("kind"), cleaned.get("partner")
        if kind == ActorKind.PARTNER and partner is None:
            self.add_error("partner", _("Choose the partner this actor is."))
        if partner is not None and kind and kind != ActorKind.PARTNER:
            self.add_error("kind", _("An actor that is a partner is of the kind “partner”."))
        return cleaned


class MarkerForm(ModelForm):
    class Meta:
        model = ProgressMarker
        fields = ["level", "text_fr", "text_en", "order"]
        widgets = {
            "text_fr": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"order": _("Markers of one level are shown in this order.")}
