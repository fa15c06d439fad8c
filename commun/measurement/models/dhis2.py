"""What DHIS2 ids mean in an initiative: a data element is an indicator, an organisation unit a
territory, a category option combo a breakdown (or the total), an attribute option combo a
partner. Kept per initiative, edited by backbone staff; an id a refused import named is kept
too, not yet mapped ("to map"), so that the page proposes it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commun.initiatives.models import Initiative, Partner
from commun.measurement.models.indicators import Indicator
from commun.measurement.models.territories import Territory

# DHIS2's "default" category option combo (and attribute option combo): the total, no partner.
DEFAULT_COMBO = "HllvX50cXC0"


class Dhis2Mapping(models.Model):
    class Kind(models.TextChoices):
        DATA_ELEMENT = "dataElement", _("Data element → indicator")
        ORG_UNIT = "orgUnit", _("Organisation unit → territory")
        CATEGORY_OPTION_COMBO = "categoryOptionCombo", _("Category option combo → breakdown")
        ATTRIBUTE_OPTION_COMBO = "attributeOptionCombo", _("Attribute option combo → partner")

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="dhis2_mappings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    dhis2_id = models.CharField(_("DHIS2 id"), max_length=100)
    name = models.CharField(_("name in DHIS2"), max_length=230, blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    territory = models.ForeignKey(
        Territory, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A category option combo's breakdown key ("age=0-17;gender=f"; "" the total).
    breakdown = models.CharField(_("breakdown"), max_length=200, blank=True)
    # False: an id a refused import named, waiting for staff to say what it is.
    mapped = models.BooleanField(default=True)
    # When an import last named it without it being mapped (rows: how many values it held up).
    refused_at = models.DateTimeField(null=True, blank=True)
    refused_rows = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["kind", "dhis2_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "kind", "dhis2_id"], name="dhis2_id_unique_per_kind"
            ),
            # A mapped row names what its kind maps to, and nothing else.
            models.CheckConstraint(
                condition=Q(mapped=False)
                | Q(kind="dataElement", indicator__isnull=False)
                | Q(kind="orgUnit", territory__isnull=False)
                | Q(kind="categoryOptionCombo")
                | Q(kind="attributeOptionCombo", partner__isnull=False),
                name="dhis2_mapping_names_its_target",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.dhis2_id}"
