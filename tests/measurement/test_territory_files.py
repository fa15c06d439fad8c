"""Territories in bulk from a file, as people make them: created and updated in parent-before-child
order whatever the rows' order, all or nothing, every refused row named, twice the same file
changing nothing the second time."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from commun.measurement.aggregation import rebuild
from commun.measurement.models import Aggregate, Territory, TerritoryAlias
from commun.people.models import User
from tests.helpers import client_for
from tests.measurement.factories import indicator, observe


def lines(*rows):
    return "\r\n".join(rows) + "\r\n"


# As a French spreadsheet saves it: Windows-1252, `;`, a title row, the regions listed before
# the country that holds them, typographic apostrophes and dashes, a totals row, a note.
REGIONS_1252 = lines(
    "Découpage régional — source : INSEE, 2024",
    "",
    "Code;Nom;Nom_EN;Code parent;Autres noms",
    "fr-ara;Auvergne-Rhône-Alpes;Auvergne-Rhône-Alpes;fr;ARA",
    "fr-pac;Provence-Alpes-Côte d\u2019Azur;Provence\u2013Alpes\u2013Côte d\u2019Azur;fr;PACA|Région Sud",
    "fr-ges;Grand-Est;Grand Est;fr;",
    "fr;France;France;;",
    "Total;;;;",
    "# fin du fichier",
).encode("cp1252")

# The same tree from an English program: UTF-8 with a BOM, `,`, English headers, parts first.
CITIES_BOM = (
    "\ufeff"
    + lines(
        "code,name (French),name (English),parent,aliases",
        "fr-ges-stras,Strasbourg,Strasbourg,fr-ges,Strasbourg Eurométropole",
        "fr-ges,Grand-Est,Grand East,fr,",
        "fr,France,France,,",
    )
).encode("utf-8")


def post_file(client, initiative, name, data):
    return client.post(
        reverse("measurement:territories_import", args=[initiative.slug]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


@pytest.fixture
def staff(people, initiative):
    User.objects.filter(pk=people["backbone_staff"].pk).update(language="en")
    return client_for(people["backbone_staff"])


def tree(initiative, codes):
    found = Territory.objects.filter(initiative=initiative, code__in=codes).select_related("parent")
    return {t.code: (t.parent.code if t.parent else None, t.depth) for t in found}


def page_says(response, *texts):
    html = response.content.decode()
    return all(text in html for text in texts)


def test_a_windows_1252_file_with_parts_before_their_parent_builds_the_tree(staff, initiative):
    response = post_file(staff, initiative, "regions.csv", REGIONS_1252)
    assert page_says(response, "4 new, 0 changed, 0 unchanged")
    assert tree(initiative, ["fr", "fr-ara", "fr-pac", "fr-ges"]) == {
        "fr": (None, 0),
        "fr-ara": ("fr", 1),
        "fr-pac": ("fr", 1),
        "fr-ges": ("fr", 1),
    }
    paca = Territory.objects.get(initiative=initiative, code="fr-pac")
    assert paca.name_fr == "Provence-Alpes-Côte d\u2019Azur"
    assert paca.lineage()[0] == Territory.objects.get(initiative=initiative, code="fr").pk
    assert sorted(paca.aliases.values_list("name", flat=True)) == ["PACA", "Région Sud"]
    assert not Territory.objects.filter(initiative=initiative, code="Total").exists()


def test_the_same_file_twice_changes_nothing_and_says_so(staff, initiative):
    post_file(staff, initiative, "regions.csv", REGIONS_1252)
    history = Territory.history.filter(initiative_id=initiative.pk).count()
    aliases = TerritoryAlias.objects.count()
    response = post_file(staff, initiative, "regions.csv", REGIONS_1252)
    assert page_says(response, "Nothing changed: the file&#x27;s 4 territories are already")
    assert Territory.history.filter(initiative_id=initiative.pk).count() == history
    assert TerritoryAlias.objects.count() == aliases


def test_a_second_file_updates_names_adds_parts_and_aliases(staff, initiative):
    post_file(staff, initiative, "regions.csv", REGIONS_1252)
    response = post_file(staff, initiative, "villes.csv", CITIES_BOM)
    assert page_says(response, "1 new, 1 changed, 1 unchanged")
    grand_est = Territory.objects.get(initiative=initiative, code="fr-ges")
    assert grand_est.name_en == "Grand East"
    strasbourg = Territory.objects.get(initiative=initiative, code="fr-ges-stras")
    assert (strasbourg.parent, strasbourg.depth) == (grand_est, 2)
    assert list(strasbourg.aliases.values_list("name", flat=True)) == ["Strasbourg Eurométropole"]


def test_an_excel_file_with_a_title_row_is_read(staff, initiative):
    book = Workbook()
    sheet = book.active
    sheet.append(["Territoires de la table"])
    sheet.append(["code", "nom_fr", "nom_en", "parent_code", "alias"])
    sheet.append(["q-nord", "Quartier Nord", "North", "q", "Le Nord"])
    sheet.append(["q", "Quartier", "", "", ""])
    data = io.BytesIO()
    book.save(data)
    response = post_file(staff, initiative, "territoires.xlsx", data.getvalue())
    assert page_says(response, "2 new")
    assert tree(initiative, ["q", "q-nord"]) == {"q": (None, 0), "q-nord": ("q", 1)}


REFUSED = lines(
    "code;nom;parent;alias",
    "z-a;Zone A;z-b;",  # line 2: z-a → z-b → z-a
    "z-b;Zone B;z-a;",  # line 3
    "z-c;Zone C;z-inconnu;",  # line 4: no such parent
    "z-d;Zone D;;",
    "z-d;Zone D bis;;",  # line 6: the code again
    "z-e;;;",  # line 7: no French name
    "z-f;Zone F;;Zone D",  # line 8: another territory's name
    "z g;Zone G;;",  # line 9: not a code
    "z-h;Zone H;;" + "H" * 151,  # line 10: an other name longer than a name may be
).encode("utf-8")


@pytest.mark.parametrize(
    ("language", "says"),
    [
        (
            "en",
            [
                "line 2",
                "“z-a” would be inside itself",
                "line 3",
                "line 4",
                "The parent “z-inconnu” is neither in the file nor a territory.",
                "The code “z-d” is already on line 5.",
                "“z-e” has no French name.",
                "“Zone D” already names “z-d”.",
                "“z g” cannot be a code",
                "This row&#x27;s code (40 characters at most) or a name (150) is too long.",
            ],
        ),
        (
            "fr",
            [
                "ligne 2",
                "« z-a » serait à l&#x27;intérieur de lui-même",
                "Le parent « z-inconnu » n&#x27;est ni dans le fichier ni un territoire.",
                "Le code « z-d » est déjà à la ligne 5.",
                "« z-e » n&#x27;a pas de nom en français.",
                "« Zone D » désigne déjà « z-d ».",
                "« z g » ne peut pas être un code",
                "Le code (40 caractères au plus) ou un nom (150) de cette ligne est trop long.",
            ],
        ),
    ],
)
def test_a_file_with_refused_rows_writes_nothing_and_names_each_row(
    people, initiative, language, says
):
    User.objects.filter(pk=people["backbone_staff"].pk).update(language=language)
    before = Territory.objects.count()
    response = post_file(client_for(people["backbone_staff"]), initiative, "zones.csv", REFUSED)
    assert Territory.objects.count() == before
    html = response.content.decode()
    missing = [text for text in says if text not in html]
    assert not missing


def test_an_alias_already_naming_a_territory_is_refused(staff, initiative):
    Territory.objects.create(initiative=initiative, code="ges", name_fr="Grand-Est")
    data = lines("code;nom;autres noms", "alsace;Alsace;Grand Est|Elsass").encode("utf-8")
    response = post_file(staff, initiative, "alsace.csv", data)
    assert page_says(response, "“Grand Est” already names “ges”.")
    assert not Territory.objects.filter(initiative=initiative, code="alsace").exists()


def test_a_file_moving_a_tree_refuses_a_cycle_through_stored_territories(staff, initiative):
    top = Territory.objects.create(initiative=initiative, code="m-top", name_fr="Haut")
    Territory.objects.create(initiative=initiative, code="m-low", name_fr="Bas", parent=top)
    data = lines("code;nom;parent", "m-top;Haut;m-low").encode("utf-8")
    response = post_file(staff, initiative, "cycle.csv", data)
    assert page_says(response, "“m-top” would be inside itself")
    assert Territory.objects.get(pk=top.pk).parent is None


def test_a_file_without_the_needed_columns_says_which(staff, initiative):
    response = post_file(staff, initiative, "x.csv", b"lieu;valeur\nA;1\n")
    assert page_says(response, "the file needs columns named code and name_fr")


def test_a_move_by_file_rebuilds_the_figures_of_both_parents(staff, initiative):
    post_file(staff, initiative, "regions.csv", REGIONS_1252)
    post_file(staff, initiative, "villes.csv", CITIES_BOM)
    other = Territory.objects.create(initiative=initiative, code="de", name_fr="Allemagne")
    served = indicator(initiative, "moved-by-file", "sum")
    city = Territory.objects.get(initiative=initiative, code="fr-ges-stras")
    observe(served, city, 7)
    rebuild(served, ["2025"])
    region = Territory.objects.get(initiative=initiative, code="fr-ges")
    data = lines("code;nom;parent", "fr-ges;Grand-Est;de").encode("utf-8")
    response = post_file(staff, initiative, "move.csv", data)
    assert page_says(response, "0 new, 1 changed")
    figures = dict(
        Aggregate.objects.filter(indicator=served, scope="approved", breakdown="").values_list(
            "territory__code", "value"
        )
    )
    assert figures == {"fr-ges-stras": 7, "fr-ges": 7, "de": 7}
    assert Territory.objects.get(pk=city.pk).lineage() == [other.pk, region.pk, city.pk]


def test_only_backbone_staff_import_territories(people, initiative):
    before = Territory.objects.count()
    response = client_for(people["partner_editor"]).post(
        reverse("measurement:territories_import", args=[initiative.slug]),
        {"file": SimpleUploadedFile("regions.csv", REGIONS_1252)},
    )
    assert response.status_code == 403
    assert Territory.objects.count() == before
