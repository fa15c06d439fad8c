"""What a round's answers say: per section and question the mean, the spread, the share of each
answer, the previous round's mean, and the comments — never one identified person's answer when
the round is anonymous.

The small-group rule: in an anonymous round, a figure drawn from fewer than `MIN_GROUP` people is
not shown (only how many answered), and comments are shown only once `MIN_GROUP` people have
submitted, unsigned and in alphabetical order (not in the order people answered).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone

from commun.assessments.instruments import Instrument, Item, Level, Question, Section
from commun.assessments.models import Answer, Response, Round
from commun.formatting.sorting import dictionary_key
from commun.initiatives.models import Initiative

MIN_GROUP = 3


@dataclass(frozen=True)
class Share:
    level: Level
    count: int
    percent: int


@dataclass(frozen=True)
class Stats:
    """Answers on a scale: how many, their mean, standard deviation (population), range, shares."""

    n: int
    mean: float | None
    sd: float | None
    low: int | None
    high: int | None
    shares: tuple[Share, ...]

    @property
    def disagreement(self) -> bool:
        """People are far apart: the answers span at least half the scale's range, or more."""
        if self.low is None or not self.shares:
            return False
        width = self.shares[-1].level.value - self.shares[0].level.value
        return width > 0 and (self.high - self.low) / width >= 0.5 and (self.sd or 0) >= 0.75


def describe(values: list[int], scale: tuple[Level, ...]) -> Stats:
    """The figures of a list of answers on `scale` (empty answers — "I don't know" — left out)."""
    values = [v for v in values if v is not None]
    n = len(values)
    counts = defaultdict(int)
    for value in values:
        counts[value] += 1
    shares = tuple(
        Share(level, counts[level.value], round(100 * counts[level.value] / n) if n else 0)
        for level in scale
    )
    if not n:
        return Stats(0, None, None, None, None, shares)
    return Stats(
        n,
        round(statistics.fmean(values), 2),
        round(statistics.pstdev(values), 2),
        min(values),
        max(values),
        shares,
    )


def change_since(stats: Stats | None, previous_mean: float | None) -> float | None:
    """How far the mean moved since the previous round (None when either is not shown)."""
    if stats is None or stats.mean is None or previous_mean is None:
        return None
    return round(stats.mean - previous_mean, 2)


@dataclass(frozen=True)
class Remark:
    text: str
    author: str = ""  # empty in anonymous rounds


@dataclass
class QuestionResult:
    question: Question
    stats: Stats | None  # None: hidden by the small-group rule
    answered: int  # people who gave a value
    dont_know: int
    previous_mean: float | None = None
    comments: list[Remark] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        return change_since(self.stats, self.previous_mean)


@dataclass
class SeriesResult:
    """A section's figures, pooled over its questions of one series (or all, when none)."""

    series: Item | None
    stats: Stats | None
    people: int
    previous_mean: float | None = None

    @property
    def change(self) -> float | None:
        return change_since(self.stats, self.previous_mean)


@dataclass
class SectionResult:
    section: Section
    series: list[SeriesResult]
    questions: list[QuestionResult]


@dataclass
class RoundResults:
    round: Round
    instrument: Instrument
    invited: int
    submitted: int
    sections: list[SectionResult]
    previous: Round | None
    comments_hidden: bool

    @property
    def comment_count(self) -> int:
        return sum(len(q.comments) for s in self.sections for q in s.questions)


def shown(anonymous: bool, people: int) -> bool:
    """The small-group rule: may a figure drawn from `people` people be shown?"""
    return not anonymous or people >= MIN_GROUP


def previous_round(the_round: Round) -> Round | None:
    """The round of the same instrument that closed before this one."""
    return (
        Round.objects.filter(
            initiative_id=the_round.initiative_id,
            instrument_key=the_round.instrument_key,
            closes_on__lte=the_round.closes_on,
        )
        .exclude(pk=the_round.pk)
        .exclude(closes_on=the_round.closes_on, pk__gt=the_round.pk)
        .order_by("-closes_on", "-pk")
        .first()
    )


def question_means(the_round: Round) -> dict[str, tuple[float, int]]:
    """{question key: (mean, people who gave a value)} of a round's submitted answers, in SQL."""
    rows = (
        Answer.objects.filter(
            response__round=the_round, response__submitted=True, value__isnull=False
        )
        .values("question_key")
        .annotate(total=Sum("value"), n=Count("value"))
    )
    return {row["question_key"]: (row["total"] / row["n"], row["n"]) for row in rows}


def _previous_means(instrument: Instrument, previous: Round | None):
    """Means of the previous round by question and by (section, series), under the same rule."""
    if previous is None:
        return {}, {}
    means = question_means(previous)
    by_question = {
        key: round(mean, 2) for key, (mean, n) in means.items() if shown(previous.anonymous, n)
    }
    by_series = {}
    for section in instrument.sections:
        for series_key in _series_keys(instrument):
            totals = [
                means[q.key]
                for q in section.questions
                if q.key in means and (not series_key or q.series == series_key)
            ]
            people = max((n for _mean, n in totals), default=0)
            if totals and shown(previous.anonymous, people):
                count = sum(n for _mean, n in totals)
                by_series[(section.key, series_key)] = round(
                    sum(mean * n for mean, n in totals) / count, 2
                )
    return by_question, by_series


def _series_keys(instrument: Instrument) -> list[str]:
    return [item.key for item in instrument.series] or [""]


def round_results(the_round: Round) -> RoundResults:
    """Everything the results page, the CSV and the printable page show, in a fixed number of
    queries (answers, counts, the previous round and its means)."""
    instrument = the_round.instrument
    answers = list(
        Answer.objects.filter(response__round=the_round, response__submitted=True)
        .select_related("response__respondent__user", "response__respondent__partner")
        .order_by("pk")
    )
    submitted = Response.objects.filter(round=the_round, submitted=True).count()
    invited = the_round.respondents.count()
    previous = previous_round(the_round)
    previous_by_question, previous_by_series = _previous_means(instrument, previous)
    comments_hidden = not shown(the_round.anonymous, submitted)

    by_question: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_key].append(answer)

    sections = []
    for section in instrument.sections:
        questions = []
        for question in section.questions:
            given = by_question.get(question.key, [])
            values = [a.value for a in given if a.value is not None]
            remarks = [] if comments_hidden else _remarks(given, the_round.anonymous)
            questions.append(
                QuestionResult(
                    question,
                    describe(values, instrument.scale)
                    if shown(the_round.anonymous, len(values))
                    else None,
                    len(values),
                    len(given) - len(values),
                    previous_by_question.get(question.key),
                    remarks,
                )
            )
        series_results = []
        for item in instrument.series or (None,):
            keys = {q.key for q in section.questions if item is None or q.series == item.key}
            pooled = [a for key in keys for a in by_question.get(key, []) if a.value is not None]
            people = len({a.response_id for a in pooled})
            series_results.append(
                SeriesResult(
                    item,
                    describe([a.value for a in pooled], instrument.scale)
                    if shown(the_round.anonymous, people)
                    else None,
                    people,
                    previous_by_series.get((section.key, item.key if item else "")),
                )
            )
        sections.append(SectionResult(section, series_results, questions))
    return RoundResults(
        the_round, instrument, invited, submitted, sections, previous, comments_hidden
    )


def _remarks(answers: list[Answer], anonymous: bool) -> list[Remark]:
    remarks = []
    for answer in answers:
        text = answer.comment.strip()
        if not text:
            continue
        author = ""
        respondent = answer.response.respondent
        if not anonymous and respondent is not None:
            author = respondent.user.full_name or respondent.user.email
            if respondent.partner is not None:
                author = f"{author} ({respondent.partner.name})"
        remarks.append(Remark(text, author))
    return sorted(remarks, key=lambda r: dictionary_key(r.text)) if anonymous else remarks


def _pooled_means(instrument: Instrument, anonymous: bool, means: dict) -> list:
    """Each section's pooled mean (the first series only, e.g. "today"), under the group rule."""
    first_series = instrument.series[0].key if instrument.series else ""
    result = []
    for section in instrument.sections:
        totals = [
            means[q.key]
            for q in section.questions
            if q.key in means and (not first_series or q.series == first_series)
        ]
        people = max((n for _mean, n in totals), default=0)
        if totals and shown(anonymous, people):
            count = sum(n for _mean, n in totals)
            result.append((section, round_mean(sum(m * n for m, n in totals) / count)))
        else:
            result.append((section, None))
    return result


@dataclass
class Summary:
    """What the home page says of assessments: the latest closed round of some instruments with
    their section means, and how many rounds are open. Two queries, whatever the history."""

    latest: dict[str, tuple[Round, list]]
    open_rounds: int


def summary(initiative: Initiative, instrument_keys: tuple[str, ...]) -> Summary:
    today = timezone.localdate()
    latest, open_rounds = {}, 0
    for item in Round.objects.filter(initiative=initiative).order_by("-closes_on", "-pk"):
        if item.is_open:
            open_rounds += 1
        elif (
            item.instrument_key in instrument_keys
            and item.instrument_key not in latest
            and (item.closed_at is not None or item.closes_on < today)
        ):
            latest[item.instrument_key] = item
    rows = (
        Answer.objects.filter(
            response__round__in=list(latest.values()),
            response__submitted=True,
            value__isnull=False,
        )
        .values("response__round", "question_key")
        .annotate(total=Sum("value"), n=Count("value"))
    )
    means = defaultdict(dict)
    for row in rows:
        means[row["response__round"]][row["question_key"]] = (row["total"] / row["n"], row["n"])
    return Summary(
        {
            key: (item, _pooled_means(item.instrument, item.anonymous, means[item.pk]))
            for key, item in latest.items()
        },
        open_rounds,
    )


def round_mean(value: float) -> float:
    return round(value, 1)
