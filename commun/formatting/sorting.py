"""Lists sorted as a dictionary of the reader's language sorts them: accents and case second.

"Cégep" comes before "Comité", and "Comité des résidents" before "Comité Voix citoyennes",
whatever the letter case. In Python, `dictionary_key`; in the database, `dictionary_order`
(ICU's collation on PostgreSQL, the same key registered as a collation on SQLite).
"""

import unicodedata

from django.db.models import Expression, F, Func, Value
from django.db.models.functions import Coalesce, NullIf

from commun.formatting.language import reader_language

SQLITE_COLLATION = "commun_dictionary"
POSTGRES_COLLATIONS = {"fr": "fr-CA-x-icu", "en": "en-CA-x-icu"}
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def dictionary_key(text: str | None) -> tuple[str, str, str]:
    """Letters first, then accents, then case: the three levels a dictionary compares."""
    text = (text or "").translate(LIGATURES)
    decomposed = unicodedata.normalize("NFD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (letters.casefold(), decomposed.casefold(), text.swapcase())


def compare_as_dictionary(left: str | None, right: str | None) -> int:
    """SQLite's collation: -1, 0 or 1."""
    a, b = dictionary_key(left), dictionary_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite learns the dictionary order."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, compare_as_dictionary)


class DictionaryCollate(Func):
    """`expression COLLATE <a language's dictionary order>` on SQLite and PostgreSQL."""

    template = "%(expressions)s"

    def __init__(self, expression, language: str):
        super().__init__(expression)
        self.language = language

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} COLLATE {SQLITE_COLLATION}", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        collation = connection.ops.quote_name(POSTGRES_COLLATIONS[self.language])
        return f"{sql} COLLATE {collation}", params


class DictionaryOrder(Expression):
    """A field in the reader's dictionary order, the language chosen when the query runs.

    `bilingual=True` orders a pair (`name` → name_fr / name_en) by the column the reader sees:
    theirs, or the other language's where theirs is blank. Usable in `Meta.ordering`.
    """

    def __init__(self, field: str, bilingual: bool = True, language: str | None = None):
        super().__init__()
        self.name, self.bilingual, self.language = field, bilingual, language

    def prefix_references(self, prefix):
        """Ordering through a relation (order_by("partner")) names the field from there."""
        clone = self.copy()
        clone.name = f"{prefix}{self.name}"
        return clone

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        code = reader_language(self.language)
        if self.bilingual:
            other = "en" if code == "fr" else "fr"
            shown = Coalesce(NullIf(F(f"{self.name}_{code}"), Value("")), F(f"{self.name}_{other}"))
        else:
            shown = F(self.name)
        return DictionaryCollate(shown, code).resolve_expression(
            query, allow_joins, reuse, summarize, for_save
        )


def dictionary_order(
    field: str, language: str | None = None, descending: bool = False, bilingual=True
):
    """order_by() argument: `field` as the reader's dictionary sorts it."""
    expression = DictionaryOrder(field, bilingual=bilingual, language=language)
    return expression.desc() if descending else expression.asc()
