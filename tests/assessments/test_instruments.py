"""Instrument files are checked on load; a malformed one names its file and line."""

import shutil

import pytest

from commun.assessments.instruments import (
    FOLDER,
    InstrumentError,
    check_instrument,
    load_file,
    shipped,
)


def test_the_shipped_instruments_load_in_french_and_english():
    instruments = shipped()
    assert list(instruments) == [
        "preconditions",
        "continuum",
        "five-conditions",
        "backbone",
        "engagement",
        "ci3",
    ]
    for instrument in instruments.values():
        assert instrument.title.fr and instrument.title.en
        for question in instrument.questions:
            assert question.text.fr and question.text.en
    assert [s.key for s in instruments["preconditions"].sections] == [
        "champions",
        "urgency",
        "resources",
    ]
    assert len(instruments["backbone"].sections) == 6  # FSG's six functions
    assert len(instruments["five-conditions"].sections) == 5
    assert [str(level.label.en) for level in instruments["engagement"].scale] == [
        "Inform",
        "Consult",
        "Involve",
        "Collaborate",
        "Empower",
    ]
    continuum = instruments["continuum"]
    assert [level.label.en for level in continuum.levels] == [
        "Compete",
        "Co-exist",
        "Communicate",
        "Cooperate",
        "Coordinate",
        "Collaborate",
        "Integrate",
    ]
    assert [item.key for item in continuum.trust] == ["openness", "reliability", "mission"]
    assert [item.key for item in continuum.value] == ["influence", "resources", "involvement"]


@pytest.fixture
def broken(tmp_path):
    """A copy of the preconditions file, with `old` replaced by `new` (once)."""

    def write(old: str, new: str):
        path = tmp_path / "preconditions.toml"
        text = (FOLDER / "preconditions.toml").read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path, path.read_text(encoding="utf-8").splitlines()

    return write


def line_number(lines, fragment):
    return next(n for n, line in enumerate(lines, start=1) if fragment in line)


def test_a_toml_syntax_error_names_the_file_and_line(broken):
    path, lines = broken("value = 3\n", "value = = 3\n")
    with pytest.raises(InstrumentError) as caught:
        load_file(path)
    assert caught.value.source == "preconditions.toml"
    assert caught.value.line == line_number(lines, "value = = 3")
    assert str(caught.value).startswith(f"preconditions.toml, line {caught.value.line}:")


def test_a_question_without_english_text_is_refused_at_its_line(broken):
    old = 'text = { fr = "Les partenaires reconnaissent qu\'aucune organisation ne peut régler l\'enjeu seule.", en = "Partners recognize that no single organization can solve the issue alone." }'
    blank = old.split(", en = ")[0] + ', en = "" }'
    path, lines = broken(old, blank)
    with pytest.raises(InstrumentError) as caught:
        load_file(path)
    assert caught.value.line == line_number(lines, "Les partenaires reconnaissent")
    assert "text" in caught.value.message and "en" in caught.value.message


def test_a_misspelt_key_is_refused_at_its_line(broken):
    path, lines = broken(
        'help = { fr = "Par exemple : une entente', 'hepl = { fr = "Par exemple : une entente'
    )
    with pytest.raises(InstrumentError) as caught:
        load_file(path)
    assert caught.value.line == line_number(lines, "hepl = ")
    assert "hepl" in caught.value.message


def test_a_question_key_used_twice_is_refused(broken):
    path, lines = broken('key = "urgency-new-approach"', 'key = "urgency-shared"')
    with pytest.raises(InstrumentError) as caught:
        load_file(path)
    assert "urgency-shared" in caught.value.message
    # the second use is the one pointed at
    second = [n for n, line in enumerate(lines, start=1) if 'key = "urgency-shared"' in line][1]
    assert caught.value.line == second


def test_a_scale_that_does_not_go_up_is_refused(broken):
    path, lines = broken("value = 3\n", "value = 2\n")
    with pytest.raises(InstrumentError) as caught:
        load_file(path)
    assert (
        caught.value.line == [n for n, line in enumerate(lines, start=1) if line == "value = 2"][1]
    )


def test_a_file_whose_key_differs_from_its_name_is_refused(tmp_path):
    path = tmp_path / "readiness.toml"
    shutil.copy(FOLDER / "preconditions.toml", path)
    with pytest.raises(InstrumentError) as caught:
        load_file(path)
    assert caught.value.source == "readiness.toml"
    assert caught.value.line == 3  # key = "preconditions"


def test_a_copy_is_checked_the_same_way_without_a_file():
    content = dict(shipped()["preconditions"].content)
    content["kind"] = "survey"
    with pytest.raises(InstrumentError) as caught:
        check_instrument(content)
    assert "kind" in str(caught.value)
