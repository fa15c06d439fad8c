"""The demo's common agenda (data/agenda.toml): every canvas filled in, two published versions,
scores, endorsements and comments, for the main demo initiative."""

import random
from datetime import timedelta

from django.utils import timezone

from commun.agenda.models import (
    Canvas,
    CanvasKey,
    Comment,
    Criterion,
    DataNeed,
    Endorsement,
    ExistingAction,
    Lever,
    LeverScore,
    Outcome,
    Principle,
    ProblemFactor,
    Strategy,
)
from commun.agenda.versions import publish_version
from commun.demo.cast import Cast, data
from commun.initiatives.models import Initiative


def loaded(initiative: Initiative) -> bool:
    return Canvas.objects.filter(initiative=initiative).exists()


def load(cast: Cast) -> None:
    content = data("agenda")
    initiative, staff = cast.initiative, cast.staff
    canvases = {
        key: Canvas.objects.create(
            initiative=initiative,
            key=key,
            texts=_texts(content["texts"].get(key, {})),
            revision=1,
            updated_at=timezone.now(),
            updated_by=staff,
        )
        for key in CanvasKey.values
    }
    factors = [{"side": "cause", **row} for row in content["causes"]]
    factors += [{"side": "effect", **row} for row in content["consequences"]]
    _items(initiative, ProblemFactor, factors)
    _items(initiative, DataNeed, content["data_needs"])
    actions = [
        {**row, "partner": cast.partner(row["partner"])}
        for row in content["existing_actions"]
        if cast.partner(row["partner"])
    ]
    _items(initiative, ExistingAction, actions)
    criteria = _items(initiative, Criterion, content["criteria"])
    lever_fields = ("name_fr", "name_en", "is_priority")
    levers = _items(
        initiative, Lever, [{k: row[k] for k in lever_fields} for row in content["levers"]]
    )
    _score(cast, levers, criteria, content)
    _items(initiative, Principle, content["principles"])
    outcomes = _items(initiative, Outcome, content["outcomes"])
    _strategies(initiative, content["strategies"], outcomes)

    first, second = content["versions"]
    version = publish_version(initiative, staff, first["notes_fr"], first["notes_en"])
    _endorse(cast, version, first)

    _items(initiative, Principle, second["added_principles"], start=len(content["principles"]))
    _strategies(initiative, second["added_strategies"], outcomes, start=len(content["strategies"]))
    vision = canvases[CanvasKey.VISION]
    vision.texts["vision"] = {"fr": second["vision_fr"], "en": second["vision_en"]}
    vision.updated_at = timezone.now()
    vision.save(update_fields=["texts", "updated_at"])
    version = publish_version(initiative, staff, second["notes_fr"], second["notes_en"])
    _endorse(cast, version, second)

    _comments(cast, content["comments"])


def _texts(fields: dict) -> dict:
    """{name: {"fr": …, "en": …}} from the data's name_fr / name_en pairs, in their order."""
    return {
        name[:-3]: {"fr": fields[name], "en": fields[name[:-3] + "_en"]}
        for name in fields
        if name.endswith("_fr")
    }


def _items(initiative, model, rows, start=0) -> list:
    """One item per row, numbered from `start`."""
    return [
        model.objects.create(initiative=initiative, position=position, **row)
        for position, row in enumerate(rows, start=start)
    ]


def _strategies(initiative, rows, outcomes, start=0) -> None:
    for position, row in enumerate(rows, start=start):
        strategy = Strategy.objects.create(
            initiative=initiative, position=position, text_fr=row["text_fr"], text_en=row["text_en"]
        )
        strategy.outcomes.set([outcomes[i] for i in row["outcomes"]])


def _score(cast: Cast, levers, criteria, content) -> None:
    """Every scoring partner scores every lever on every criterion, the same way on each run."""
    rng = random.Random(2026)
    scores = []
    for key in content["scorers"]:
        partner = cast.partner(key)
        if partner is None:
            continue
        for lever, row in zip(levers, content["levers"], strict=True):
            how = row["scoring"]
            base = rng.randint(row["low"], row["high"]) if how == "mixed" else 0
            for criterion in criteria:
                if how == "agree":
                    score = rng.choice((4, 5, 5))
                elif how == "split":
                    score = rng.randint(1, 2) if key in row["sceptics"] else rng.choice((4, 5, 5))
                else:
                    score = min(5, max(1, base + rng.choice((-1, 0, 0, 1))))
                scores.append(
                    LeverScore(
                        lever=lever,
                        criterion=criterion,
                        partner=partner,
                        score=score,
                        scored_by=cast.editor(key),
                    )
                )
    LeverScore.objects.bulk_create(scores)


def _endorse(cast: Cast, version, row) -> None:
    reservations = row.get("reservations", {})
    for key in row["endorsers"]:
        if cast.partner(key) is None:
            continue
        Endorsement.objects.create(
            version=version,
            partner=cast.partner(key),
            decision=(
                Endorsement.Decision.RESERVATION
                if key in reservations
                else Endorsement.Decision.ENDORSED
            ),
            reservation=reservations.get(key, ""),
            decided_by=cast.editor(key),
        )


def _comments(cast: Cast, rows) -> None:
    """The comments, each by the person named, for their partner."""
    now = timezone.now()
    for index, row in enumerate(rows):
        member = cast.membership(row["author"])
        if member is None:
            continue
        written = now - timedelta(days=row["days_ago"], hours=index)
        resolved_after = row.get("resolved_after")
        resolved = resolved_after is not None
        comment = Comment.objects.create(
            initiative=cast.initiative,
            canvas_key=row["canvas"],
            author=member.user,
            partner=member.partner,
            text=row["text"],
            language=row["language"],
            resolved_at=written + timedelta(days=resolved_after) if resolved else None,
            resolved_by=cast.staff if resolved else None,
        )
        Comment.objects.filter(pk=comment.pk).update(created_at=written)  # auto_now_add otherwise
