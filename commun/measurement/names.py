"""How a name written in a file or a form is compared with the names Commun knows: without case,
accents, underscores, dashes, surrounding or doubled spaces; a typographic apostrophe as a plain
one. So "Grand-Est", "Grand Est" and "grand" + en dash + "est" are one name, and so are
"Provence-Alpes-Côte d'Azur" with a typographic apostrophe and "Provence Alpes Cote d'Azur"."""

import re
import unicodedata
from functools import lru_cache

# Typographic apostrophes (right and left quotation marks, the modifier letter, the prime)
# count as plain ones.
APOSTROPHES = str.maketrans(dict.fromkeys("\u2019\u2018\u02bc\u2032", "'"))
# Hyphens, dashes (en, em, figure…), the minus sign and underscores separate words as spaces do.
SEPARATORS = re.compile(r"[-_\u2010-\u2015\u2212]")


@lru_cache(maxsize=4096)  # a file repeats the same codes and names on every line
def simplify(text: str) -> str:
    """Lower case without accents, dashes or surrounding spaces: how headers and names are
    compared."""
    text = SEPARATORS.sub(" ", str(text or "").translate(APOSTROPHES))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def spellings(*texts) -> set[str]:
    """The simplified forms under which a file may name something (code, names, acronym)."""
    return {simplify(text) for text in texts if text} - {""}


# What a spreadsheet's totals row says in its name cells, simplified: value files and territory
# files skip such rows by this one list.
TOTALS = spellings(
    *("Total", "Totaux", "Total général", "Grand total", "Sous-total", "Ensemble", "Tous", "All"),
    *("Both sexes", "Les deux sexes", "Tous les sexes", "All genders", "Tous les genres"),
)


def is_total(text: str) -> bool:
    """Whether a category cell names the total over its disaggregation: one of TOTALS, or a
    name starting with one ("Total, all ages", "Total - Sex" as Statistics Canada writes it,
    "Tous âges", "All ages", "Ensemble des ménages")."""
    key = simplify(text)
    return key in TOTALS or key.split(" ", 1)[0].rstrip(",") in TOTALS
