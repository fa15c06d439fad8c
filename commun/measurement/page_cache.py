"""What figures pages read, kept in the cache (Django's "default" cache, shared by every worker
process) until the data behind it changes.

Each initiative has a figures version (`FiguresVersion`), changed in the same transaction as
anything its figures pages show: `aggregation.rebuild` (values sent, imported, reviewed),
and saving or deleting an indicator, a target, a territory or a partner (signals, below).
A page reads the version first, in one query, then looks for what it needs under a key made of
the version and of what the content depends on (language, scope, what the viewer may see).
A page that reads the version before a change and its data after it stores new content under
the old number, which nobody asks for again; a page never finds old content under a new number.
"""

import random

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save

from commun.measurement.models import FiguresVersion

# Cached content of an initiative lives at most this long, even if nothing changes.
TIMEOUT = 60 * 60 * 24


def figures_version(initiative) -> int:
    """The initiative's figures version (one query, written by hand: every page asks it)."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION_QUERY, [initiative.pk])
        found = cursor.fetchone()
    return found[0] if found else 0


VERSION_QUERY = f"SELECT number FROM {FiguresVersion._meta.db_table} WHERE initiative_id = %s"


def figures_changed(initiative_id: int) -> None:
    """Give the initiative a new figures version, in the current transaction: what was cached for
    it is never read again. Call it last in a transaction that takes other locks (it locks the
    initiative's version row until the transaction ends)."""
    FiguresVersion.objects.bulk_create(
        [FiguresVersion(initiative_id=initiative_id, number=random.randrange(1, 2**62))],
        update_conflicts=True,
        unique_fields=["initiative"],
        update_fields=["number"],
    )


def remembered(initiative, version: int, parts, compute):
    """`compute()`, or what it gave for the same initiative, version and `parts` (strings saying
    everything else the content depends on)."""
    key = ":".join(["figures", str(initiative.pk), str(version), *parts])
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, TIMEOUT)
    return found


def connect_signals() -> None:
    """Saving or deleting what figures pages show, one object at a time, changes the version."""
    from commun.initiatives.models import Partner
    from commun.measurement.models import Indicator, Target, Territory

    def initiative_of(sender, instance, **kwargs):
        figures_changed(instance.initiative_id)

    def indicator_of(sender, instance, **kwargs):
        initiative_id = (
            Indicator.objects.filter(pk=instance.indicator_id)
            .values_list("initiative_id", flat=True)
            .first()
        )
        if initiative_id is not None:
            figures_changed(initiative_id)

    def listen(signal, receiver, model):
        # Strong references: the receivers are local functions, gone otherwise.
        signal.connect(receiver, sender=model, weak=False, dispatch_uid=f"figures-{model.__name__}")

    for model in (Indicator, Territory, Partner):
        listen(post_save, initiative_of, model)
        listen(post_delete, initiative_of, model)
    listen(post_save, indicator_of, Target)
    listen(post_delete, indicator_of, Target)

    def partners_changed(sender, instance, action, **kwargs):
        if action.startswith("post_"):
            initiative_of(sender, instance)

    listen(m2m_changed, partners_changed, Indicator.reporting_partners.through)
