"""Near-duplicates: when several partners report the same change, the outcomes that look alike.

Titles and descriptions are compared language by language (French with French, English with
English), without case, accents, dashes, stop words or plural endings, by the share of words they
have in common, words alike counting as one (rapidfuzz: "ouvre" and "ouverte"); the same actor,
or a date within three months, weighs in.

What it cannot do: nothing here translates, so an outcome written only in French and one written
only in English about the same change are not found (they are when either has its other-language
columns filled); synonyms with no letters in common ("cafétéria" / "cantine") do not count; two
different changes of one actor told in nearly the same words ("the board opens the gyms in the
evening" / "the board cuts the evening bus") may be suggested: a suggestion, for people to judge.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz, process

from commun.journal.models import ObservedOutcome
from commun.measurement.names import simplify

LANGUAGES = ("fr", "en")
# A score from 0 to 1 above which outcomes are suggested; tested on realistic pairs in
# tests/journal/test_duplicates.py.
THRESHOLD = 0.62
SAME_ACTOR = 0.12
SAME_PERIOD = 0.06
PERIOD_DAYS = 92
WORD_ALIKE = 80  # rapidfuzz's ratio of two words taken as one

# A list of words reads best as words.
STOP_WORDS = frozenset(
    """
    a au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les
    leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que
    qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous y a ete etre est
    ont plus tres deux depuis entre apres avant lors sous sans chez fait the an and are as
    at be been by for from has have he her his in into is it its of on or our she so than
    that their them they this those to was we were which who will with after before since
    more now new all also can
    """.split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Texts:
    """What is compared of an outcome: its texts per language, its actor and date."""

    titles: dict
    descriptions: dict
    actor_id: int | None = None
    observed_on: date | None = None
    pk: int | None = None


@dataclass(frozen=True)
class Similar:
    outcome: ObservedOutcome
    score: float  # 0 to 1

    @property
    def percent(self) -> float:
        return self.score * 100


@lru_cache(maxsize=8192)
def words(text: str) -> str:
    """The text's meaningful words, simplified, plural endings dropped."""
    kept = []
    for word in simplify(text.replace("'", " ")).split():
        word = "".join(ch for ch in word if ch.isalnum())
        if len(word) < 3 or word in STOP_WORDS:
            continue
        if len(word) > 4 and word.endswith(("s", "x")):
            word = word[:-1]
        kept.append(word)
    return " ".join(kept)


def texts_of(item) -> Texts:
    """An outcome's texts, or those a form holds (a dict of title_fr, description_en… and
    optionally actor_id, observed_on)."""
    if isinstance(item, ObservedOutcome):
        get = lambda name: getattr(item, name, None)  # noqa: E731
        pk = item.pk
    else:
        get, pk = item.get, item.get("pk")
    return Texts(
        titles={code: words(get(f"title_{code}") or "") for code in LANGUAGES},
        descriptions={code: words(get(f"description_{code}") or "") for code in LANGUAGES},
        actor_id=get("actor_id"),
        observed_on=get("observed_on"),
        pk=pk,
    )


def matched(ones: frozenset, others: frozenset) -> int:
    """How many of `ones` have a word alike among `others`: the same first five letters, or
    close enough in rapidfuzz's ratio ("ouvre" / "ouverte", "adopts" / "adopted")."""
    prefixes = {word[:5] for word in others}
    found = 0
    for word in ones:
        if word[:5] in prefixes or process.extractOne(
            word, others, scorer=fuzz.ratio, score_cutoff=WORD_ALIKE
        ):
            found += 1
    return found


@lru_cache(maxsize=16384)
def word_set(text: str) -> frozenset:
    return frozenset(text.split())


def overlap(left: str, right: str) -> float:
    """The share of the two texts' words that the other text also has (a Dice coefficient where
    words alike count as one), from 0 to 1."""
    ones, others = word_set(left), word_set(right)
    if not ones or not others:
        return 0.0
    if not {w[:3] for w in ones} & {w[:3] for w in others}:
        return 0.0  # no word begins alike: nothing can match (a shortcut, for long lists)
    return (matched(ones, others) + matched(others, ones)) / (len(ones) + len(others))


def text_score(one: Texts, other: Texts) -> float:
    """How alike the two read, in the language where they are most alike (0 to 1)."""
    best = 0.0
    for code in LANGUAGES:
        left, right = one.titles[code], other.titles[code]
        if not left or not right:
            continue
        score = overlap(left, right)
        if one.descriptions[code] and other.descriptions[code]:
            whole = overlap(
                f"{left} {one.descriptions[code]}", f"{right} {other.descriptions[code]}"
            )
            score = max(score, 0.7 * score + 0.3 * whole)
        best = max(best, score)
    return best


def score_of(one: Texts, other: Texts) -> float:
    score = text_score(one, other)
    if not score:
        return 0.0
    if one.actor_id and one.actor_id == other.actor_id:
        score += SAME_ACTOR
    near = one.observed_on and other.observed_on
    if near and abs((one.observed_on - other.observed_on).days) <= PERIOD_DAYS:
        score += SAME_PERIOD
    return min(score, 1.0)


def similar_outcomes(outcome_or_texts, candidates) -> list[Similar]:
    """The candidates that look like the outcome (or the texts), most alike first; the outcome
    itself is never among them."""
    one = texts_of(outcome_or_texts)
    found = []
    for candidate in candidates:
        if one.pk is not None and candidate.pk == one.pk:
            continue
        score = score_of(one, texts_of(candidate))
        if score >= THRESHOLD:
            found.append(Similar(candidate, round(score, 2)))
    found.sort(key=lambda similar: -similar.score)
    return found
