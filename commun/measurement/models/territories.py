"""Where and for whom values are counted: territories (a tree) and disaggregations (a dimension
such as age band or gender, and its categories), each with a code people type in files."""

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from commun.i18n import TranslatedField
from commun.initiatives.models import Initiative


class Territory(models.Model):
    """A place the initiative reports on; territories nest (initiative → districts → blocks)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="territories")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name_fr = models.CharField(_("name (French)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    path = models.CharField(max_length=255, editable=False, db_index=True)  # "/3/7/12/"
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # Where it sits is kept by `parent`; `path` and `depth` only follow it.
    history = HistoricalRecords(excluded_fields=["path", "depth"])
    name = TranslatedField()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "code"], name="territory_code_unique")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Saved with its path; a territory moved under another parent takes its parts along
        (their paths and depths follow, in one query)."""
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        depth = self.parent.depth + 1 if self.parent else 0
        if (path, depth) != (self.path, self.depth):
            old_path, old_depth = self.path, self.depth
            self.path, self.depth = path, depth
            Territory.objects.filter(pk=self.pk).update(path=path, depth=depth)
            if old_path:
                Territory.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + (depth - old_depth),
                )

    def contains(self, other: "Territory") -> bool:
        """Whether `other` is this territory or one of its parts, at any depth."""
        return bool(self.path) and other.path.startswith(self.path)

    def lineage(self) -> list[int]:
        """This territory's id and those of every territory it is part of."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class TerritoryAlias(models.Model):
    """Another name a file gives a territory ("Grand Est" for "Grand-Est", an agency's
    spelling): found by the imports as its code and names are. No two territories of an
    initiative share an alias once simplified (`names.simplify`): `key` is that form."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="territory_aliases"
    )
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("other name"), max_length=150)
    key = models.CharField(max_length=150, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other name of a territory")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "key"], name="territory_alias_unique")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from commun.measurement.names import simplify

        self.initiative_id = self.territory.initiative_id
        self.key = simplify(self.name)
        super().save(*args, **kwargs)


class CodedName(models.Model):
    """A short code people type in files, a name in both languages, and a place in lists."""

    code = models.SlugField(_("code"), max_length=30)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    name = TranslatedField()

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self):
        return self.name


class Dimension(CodedName):
    """A disaggregation defined once per initiative (age band, gender…) and reused by indicators."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="dimensions")

    class Meta(CodedName.Meta):
        verbose_name = _("disaggregation")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "code"], name="dimension_code_unique")
        ]


class Category(CodedName):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="categories")

    class Meta(CodedName.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="category_code_unique")
        ]
