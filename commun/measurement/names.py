"""How a name written in a file or a form is compared with the names Commun knows: without case,
accents, underscores, surrounding or doubled spaces; a typographic apostrophe as a plain one."""

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)  # a file repeats the same codes and names on every line
def simplify(text: str) -> str:
    """Lower case without accents or surrounding spaces: how headers and names are compared."""
    text = str(text or "").replace("\u2019", "'")  # typographic apostrophes count as plain
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("_", " ").split())


def spellings(*texts) -> set[str]:
    """The simplified forms under which a file may name something (code, names, acronym)."""
    return {simplify(text) for text in texts if text} - {""}
