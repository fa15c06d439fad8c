"""Which territory a figures page shows (the dashboard, an indicator page and its image): the one
the reader chose (`?territory=<code>`), or by default the widest one with figures."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.http import Http404

from commun.formatting import dictionary_key
from commun.i18n import reader_languages
from commun.initiatives.models import Initiative
from commun.measurement.models import Aggregate, Territory


@dataclass(frozen=True)
class TerritoryChoice:
    """An initiative's territories in tree order (siblings as the reader's dictionary sorts
    them), and which have figures for what a page shows. Kept in the page cache: no query."""

    territories: list[Territory]
    with_figures: frozenset[int]

    @property
    def main(self) -> Territory | None:
        """The initiative's main territory (`figures.main_territory`): its first territory made
        at the top of the tree. Targets and baselines are set for it."""
        roots = [t for t in self.territories if t.parent_id is None]
        return min(roots, key=lambda t: t.pk, default=None)

    def default(self) -> Territory | None:
        """The widest territory with figures: the closest to the top of the tree, and among
        territories as high, the first made — so the main territory whenever it has figures, and
        a national series stored above it (Canada over Québec) when that is where figures are.
        Without any figure, the main territory."""
        shown = [t for t in self.territories if t.pk in self.with_figures]
        return min(shown, key=lambda t: (t.depth, t.pk), default=None) or self.main

    def chosen(self, code: str | None) -> Territory | None:
        """The territory `code` names, or the default when none is given; a code no territory of
        the initiative has is not found (404), whoever else may use it."""
        if not code:
            return self.default()
        found = next((t for t in self.territories if t.code == code), None)
        if found is None:
            raise Http404("No such territory")
        return found

    def options(self, chosen: Territory | None) -> list[tuple[str, str]]:
        """[(code, label)] of the chooser: the territories with figures (and the chosen one),
        in tree order, each label indented by its depth."""
        return [
            (t.code, "\u2003" * t.depth + t.name)
            for t in self.territories
            if t.pk in self.with_figures or (chosen is not None and t.pk == chosen.pk)
        ]


def territory_choice(initiative: Initiative, indicators, scope: str) -> TerritoryChoice:
    """The choice of territories for a page showing `indicators` (a queryset) in `scope`, in one
    query: each territory of the initiative, and whether any of them has a total there."""
    # `period_start` names a column the totals' index holds and the unique constraint's does not:
    # SQLite then probes the totals' index by indicator, scope and territory (0.3 ms for 106
    # territories at 200,000 observations) instead of every period of each indicator (15 ms).
    figures = Aggregate.objects.filter(
        territory=OuterRef("pk"),
        indicator__in=indicators,
        scope=scope,
        breakdown="",
        period_start__isnull=False,
    )
    territories = list(
        Territory.objects.filter(initiative=initiative).annotate(has_figures=Exists(figures))
    )
    return TerritoryChoice(
        tree_order(territories),
        frozenset(t.pk for t in territories if t.has_figures),
    )


def tree_order(territories: list[Territory]) -> list[Territory]:
    """Each territory after its parent, siblings as the reader's dictionary sorts their names."""
    fields = [f"name_{code}" for code in reader_languages()]  # the reader's name, else the other

    def name(t):
        return next((getattr(t, field) for field in fields if getattr(t, field)), "")

    keys = {t.pk: (dictionary_key(name(t)), t.pk) for t in territories}  # once each

    def place(territory):
        return [keys[i] for i in territory.lineage() if i in keys]

    return sorted(territories, key=place)
