"""The base forms: text sent back by a browser reads as stored; an unchanged save writes nothing."""

import importlib
import inspect
import pkgutil
from datetime import date

from django import forms as django_forms
from django.http import QueryDict
from django.utils import translation

import commun
from commun.forms import BrowserDataMixin
from commun.initiatives.forms import PartnerForm
from commun.initiatives.models import Partner
from tests.browser_forms import forms_of


def test_every_form_of_commun_reads_what_a_browser_sends():
    """A form built on Django's bases alone would store CRLF text and save unchanged data."""
    # Django's own sign-in and password forms (one-line fields, nothing edited in place) and the
    # admin's, which keep Django's behaviour.
    exempt = {
        "commun.people.forms.EmailAuthenticationForm",
        "commun.people.forms.NewAccountForm",
        "commun.people.forms.PasswordResetInOwnLanguageForm",
        "commun.people.admin.UserCreationForm",
        "commun.people.admin.UserEditForm",
    }
    plain = [
        name
        for name, cls in commun_forms()
        if not issubclass(cls, BrowserDataMixin) and name not in exempt
    ]
    assert not plain, f"forms not built on commun.forms.Form / ModelForm: {plain}"


def commun_forms():
    """(dotted name, class) of every form class defined in Commun's code."""
    for module_info in pkgutil.walk_packages(commun.__path__, "commun."):
        if ".migrations" in module_info.name or module_info.name.endswith("cli"):
            continue
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, django_forms.BaseForm):
                yield f"{module.__name__}.{name}", cls


def test_every_date_field_of_commun_shows_its_date_as_a_date_input_can():
    """A French date written 01/09/2009 is dropped by <input type="date">: saved, it is erased."""
    from commun.forms import IsoDateInput

    not_iso = [
        f"{name}.{field_name}"
        for name, cls in commun_forms()
        for field_name, field in cls.base_fields.items()
        if isinstance(field, django_forms.DateField) and not isinstance(field.widget, IsoDateInput)
    ]
    assert not_iso == []
    # And each of them, rendered on a French page, writes the date as ISO, the only form the
    # input keeps.
    with translation.override("fr"):
        shown = {
            f"{name}.{field_name}": field.widget.format_value(date(2009, 9, 1))
            for name, cls in commun_forms()
            for field_name, field in cls.base_fields.items()
            if isinstance(field, django_forms.DateField)
        }
    assert shown and set(shown.values()) == {"2009-09-01"}, shown


def partner_data(partner, **changes):
    """What a browser sends back for the partner's form, with `changes` typed in."""
    form = PartnerForm(instance=partner, initiative=partner.initiative)
    (shown,) = forms_of(f'<form method="post">{form.as_div()}</form>')
    data = QueryDict(mutable=True)
    for name, values in shown.data().items():
        data.setlist(name, values)
    for name, value in changes.items():
        data[name] = value
    return data


def test_a_textarea_sent_with_crlf_line_ends_is_the_same_text(initiative):
    partner = Partner.objects.filter(initiative=initiative).first()
    partner.description_fr = "Première ligne\nDeuxième ligne"
    partner.save()
    data = partner_data(partner, description_fr="Première ligne\r\nDeuxième ligne")
    form = PartnerForm(data, instance=partner, initiative=initiative)
    assert form.is_valid(), form.errors
    assert not form.has_changed()


def test_a_model_form_saved_unchanged_writes_no_history(initiative):
    partner = Partner.objects.filter(initiative=initiative).first()
    history = partner.history.count()
    form = PartnerForm(partner_data(partner), instance=partner, initiative=initiative)
    assert form.is_valid(), form.errors
    form.save()
    assert partner.history.count() == history
    changed = PartnerForm(
        partner_data(partner, contact_name="Quelqu'un d'autre"),
        instance=partner,
        initiative=initiative,
    )
    assert changed.is_valid(), changed.errors
    changed.save()
    assert partner.history.count() == history + 1


def test_a_decimal_shows_in_its_number_input_as_a_person_types_it(initiative):
    from commun.activities.forms import ActivityForm
    from commun.activities.models import Activity

    activity = Activity.objects.filter(initiative=initiative, annual_budget__isnull=False).first()
    html = str(ActivityForm(instance=activity, initiative=initiative)["annual_budget"])
    assert 'type="number"' in html
    assert f'value="{activity.annual_budget.normalize():f}"' in html and ".000000" not in html


def test_a_nul_character_in_a_form_is_refused_in_the_readers_language(initiative):
    """Text with a NUL character cannot be stored (PostgreSQL refuses it): the form says so."""
    from django.utils import translation

    partner = Partner.objects.filter(initiative=initiative).first()
    name = partner.name_fr
    for language, says in (("en", "Null characters"), ("fr", "caractère nul")):
        with translation.override(language):
            for field in ("name_fr", "description_fr"):
                data = partner_data(partner, **{field: "Nouveau\x00nom"})
                form = PartnerForm(data, instance=partner, initiative=initiative)
                assert not form.is_valid()
                assert says in form.errors[field][0]
    partner.refresh_from_db()
    assert partner.name_fr == name


def test_a_date_input_writes_iso_even_where_the_language_writes_dates_otherwise(settings):
    """Without Commun's format modules, Django's French writes 01/09/2009: the widget must not."""
    from datetime import date

    from django.utils import translation

    from commun.forms import IsoDateInput

    settings.FORMAT_MODULE_PATH = None
    with translation.override("fr"):
        html = IsoDateInput().render("starts", date(2009, 9, 1))
    assert 'type="date"' in html and 'value="2009-09-01"' in html
