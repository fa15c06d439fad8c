"""What changed between two snapshots of the agenda."""

from django.utils import translation

from commun.agenda.differences import ADDED, CHANGED, REMOVED, compare_agendas, word_diff


def canvas(texts=None, **lists):
    return {"texts": texts or {}, "lists": lists}


def cause(pk, fr, en=""):
    return {"id": pk, "values": {"text": {"fr": fr, "en": en}}}


def test_a_changed_text_shows_the_words_removed_and_added():
    old = {"vision": canvas({"vision": {"fr": "Un quartier juste", "en": "A fair place"}})}
    new = {
        "vision": canvas({"vision": {"fr": "Un quartier juste et solidaire", "en": "A fair place"}})
    }
    with translation.override("fr"):
        [difference] = compare_agendas(old, new)
    assert (difference.canvas, difference.where, difference.kind, difference.language) == (
        "Vision",
        "Vision",
        CHANGED,
        "fr",
    )
    assert str(difference.inline) == "Un quartier juste<ins> et solidaire</ins>"


def test_items_added_removed_and_changed_are_told_apart():
    old = {"issue": canvas(causes=[cause(1, "Loyers"), cause(2, "Isolement")], effects=[])}
    new = {"issue": canvas(causes=[cause(1, "Loyers élevés"), cause(3, "Transport")], effects=[])}
    with translation.override("fr"):
        found = [(d.kind, d.old, d.new) for d in compare_agendas(old, new)]
    assert (CHANGED, "Loyers", "Loyers élevés") in found
    assert (ADDED, "", "Transport") in found
    assert (REMOVED, "Isolement", "") in found
    assert len(found) == 3


def test_a_change_in_the_other_language_only_is_reported_in_that_language():
    old = {"vision": canvas({"vision": {"fr": "Même texte", "en": "Old words"}})}
    new = {"vision": canvas({"vision": {"fr": "Même texte", "en": "New words"}})}
    with translation.override("fr"):
        [difference] = compare_agendas(old, new)
    assert difference.language == "en"


def test_identical_snapshots_have_no_difference():
    snapshot = {"issue": canvas({"statement": {"fr": "x", "en": "y"}}, causes=[cause(1, "a")])}
    assert compare_agendas(snapshot, snapshot) == []


def test_the_word_diff_escapes_what_people_wrote():
    assert str(word_diff("a", "a <b>")) == "a<ins> &lt;b&gt;</ins>"
