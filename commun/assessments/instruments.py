"""Instruments are data: TOML files in `instruments/`, checked on load, or an initiative's copy.

A malformed file fails with `InstrumentError` naming the file and the line. The same checks run on
a copy staff edit in the browser, so a copy can never hold an instrument the pages cannot show.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from commun.i18n import LANGUAGE_CODES, reader_languages

FOLDER = Path(__file__).resolve().parent / "instruments"
KINDS = ("scale", "network")
CHARTS = ("radar",)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class InstrumentError(ValueError):
    """An instrument that cannot be used; `str()` names the file and line when it came from one."""

    def __init__(self, message: str, source: str = "", line: int | None = None):
        self.message, self.source, self.line = message, source, line
        where = f"{source}, line {line}" if source and line else source
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True)
class Text:
    """A text in French and English; `str()` gives the reader's language."""

    fr: str
    en: str

    def __str__(self) -> str:
        for code in reader_languages():
            if getattr(self, code, ""):
                return getattr(self, code)
        return ""

    def get(self, code: str) -> str:
        return getattr(self, code)


@dataclass(frozen=True)
class Level:
    value: int
    label: Text
    help: Text | None = None


@dataclass(frozen=True)
class Item:
    """A named thing with a label: a series (today / wanted) or a trust or value dimension."""

    key: str
    label: Text
    help: Text | None = None


@dataclass(frozen=True)
class Question:
    key: str
    text: Text
    help: Text | None
    series: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    kind: str
    title: Text
    description: Text | None
    scale: tuple[Level, ...]
    content: dict = field(repr=False, compare=False)
    chart: str = ""
    series: tuple[Item, ...] = ()
    sections: tuple[Section, ...] = ()
    levels: tuple[Level, ...] = ()
    trust: tuple[Item, ...] = ()
    value: tuple[Item, ...] = ()

    @property
    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]

    @property
    def values(self) -> list[int]:
        return [level.value for level in self.scale]

    @property
    def scale_max(self) -> int:
        return self.scale[-1].value

    @property
    def scale_min(self) -> int:
        return self.scale[0].value

    @property
    def dimensions(self) -> tuple[Item, ...]:
        return self.trust + self.value

    def label_of(self, value: int | None) -> Text | None:
        return next((level.label for level in self.scale if level.value == value), None)


# --- Checking -------------------------------------------------------------------------------------


class _Checker:
    """Builds an Instrument from parsed TOML, or raises InstrumentError at the offending key."""

    def __init__(self, source: str, text: str | None):
        self.source, self.text = source, text

    def fail(self, path: tuple, message: str):
        line = line_of(self.text, path) if self.text else None
        raise InstrumentError(message, self.source, line)

    def keys(self, data: Any, path: tuple, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(data, dict):
            self.fail(path, _("%(name)s must be a table") % {"name": _name(path)})
        for key in data:
            if key not in allowed:
                self.fail(
                    (*path, key),
                    _("unknown key “%(key)s” (expected one of: %(allowed)s)")
                    % {"key": key, "allowed": ", ".join(sorted(allowed))},
                )
        for key in sorted(required):
            if key not in data:
                self.fail(path, _("%(name)s has no “%(key)s”") % {"name": _name(path), "key": key})
        return data

    def text_of(self, data: dict, path: tuple, optional: bool = False) -> Text | None:
        key = path[-1]
        if key not in data:
            if optional:
                return None
            self.fail(path[:-1], _("“%(key)s” is missing") % {"key": key})
        value = data[key]
        if not isinstance(value, dict):
            self.fail(path, _("“%(key)s” needs a French and an English text") % {"key": key})
        self.keys(value, path, set(LANGUAGE_CODES), set())
        for code in LANGUAGE_CODES:
            if not isinstance(value.get(code), str) or not value[code].strip():
                self.fail(
                    (*path, code),
                    _("“%(key)s” has no %(language)s text") % {"key": key, "language": code},
                )
        return Text(**{code: value[code].strip() for code in LANGUAGE_CODES})

    def slug(self, data: dict, path: tuple) -> str:
        value = data.get(path[-1])
        if not isinstance(value, str) or not SLUG.match(value):
            self.fail(
                path,
                _("“%(key)s” must be lowercase letters, digits and hyphens") % {"key": path[-1]},
            )
        return value

    def table_list(self, data: dict, key: str, minimum: int) -> list:
        value = data.get(key, [])
        if not isinstance(value, list) or len(value) < minimum:
            self.fail(
                (key,) if key in data else (),
                _("“%(key)s” needs at least %(count)d entries") % {"key": key, "count": minimum},
            )
        return value

    def scale_of(self, data: dict, key: str, with_help: bool = False) -> tuple[Level, ...]:
        levels = []
        for i, entry in enumerate(self.table_list(data, key, 2)):
            path = (key, i)
            self.keys(entry, path, {"value", "label", "help"}, {"value", "label"})
            value = entry["value"]
            if not isinstance(value, int) or isinstance(value, bool):
                self.fail((*path, "value"), _("a scale value must be a whole number"))
            if levels and value <= levels[-1].value:
                self.fail((*path, "value"), _("scale values must go up, each once"))
            levels.append(
                Level(
                    value,
                    self.text_of(entry, (*path, "label")),
                    self.text_of(entry, (*path, "help"), optional=not with_help),
                )
            )
        return tuple(levels)

    def items_of(self, data: dict, key: str, with_help: bool) -> tuple[Item, ...]:
        items, seen = [], set()
        for i, entry in enumerate(self.table_list(data, key, 1)):
            path = (key, i)
            self.keys(entry, path, {"key", "label", "help"}, {"key", "label"})
            item_key = self.slug(entry, (*path, "key"))
            if item_key in seen:
                self.fail((*path, "key"), _("“%(key)s” is used twice") % {"key": item_key})
            seen.add(item_key)
            items.append(
                Item(
                    item_key,
                    self.text_of(entry, (*path, "label")),
                    self.text_of(entry, (*path, "help"), optional=not with_help),
                )
            )
        return tuple(items)

    def instrument(self, data: dict) -> Instrument:
        common = {"key", "version", "kind", "title", "description", "scale"}
        kind = data.get("kind") if isinstance(data, dict) else None
        if kind not in KINDS:
            self.fail(
                ("kind",), _("“kind” must be one of: %(kinds)s") % {"kinds": ", ".join(KINDS)}
            )
        if kind == "scale":
            self.keys(
                data,
                (),
                common | {"chart", "series", "sections"},
                common - {"description"} | {"sections"},
            )
        else:
            self.keys(
                data,
                (),
                common | {"levels", "trust", "value"},
                common - {"description"} | {"levels", "trust", "value"},
            )
        version = data["version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.fail(("version",), _("“version” must be a whole number from 1"))
        base = {
            "key": self.slug(data, ("key",)),
            "version": version,
            "kind": kind,
            "title": self.text_of(data, ("title",)),
            "description": self.text_of(data, ("description",), optional=True),
            "scale": self.scale_of(data, "scale"),
            "content": data,
        }
        if kind == "network":
            return Instrument(
                **base,
                levels=self.scale_of(data, "levels", with_help=True),
                trust=self.items_of(data, "trust", with_help=True),
                value=self.items_of(data, "value", with_help=True),
            )
        chart = data.get("chart", "")
        if chart and chart not in CHARTS:
            self.fail(
                ("chart",), _("“chart” must be one of: %(charts)s") % {"charts": ", ".join(CHARTS)}
            )
        series = self.items_of(data, "series", with_help=False) if "series" in data else ()
        series_keys = {item.key for item in series}
        sections, seen = [], set()
        for i, entry in enumerate(self.table_list(data, "sections", 1)):
            path = ("sections", i)
            self.keys(entry, path, {"key", "title", "questions"}, {"key", "title", "questions"})
            section_key = self.slug(entry, (*path, "key"))
            questions = []
            if not isinstance(entry["questions"], list) or not entry["questions"]:
                self.fail((*path, "questions"), _("a section needs at least one question"))
            for j, question in enumerate(entry["questions"]):
                qpath = (*path, "questions", j)
                self.keys(question, qpath, {"key", "text", "help", "series"}, {"key", "text"})
                question_key = self.slug(question, (*qpath, "key"))
                if question_key in seen:
                    self.fail((*qpath, "key"), _("“%(key)s” is used twice") % {"key": question_key})
                seen.add(question_key)
                question_series = question.get("series", "")
                if series_keys and question_series not in series_keys:
                    self.fail(
                        (*qpath, "series") if question_series else qpath,
                        _("“series” must be one of: %(keys)s")
                        % {"keys": ", ".join(sorted(series_keys))},
                    )
                if question_series and not series_keys:
                    self.fail((*qpath, "series"), _("“series” is used but no series is declared"))
                questions.append(
                    Question(
                        question_key,
                        self.text_of(question, (*qpath, "text")),
                        self.text_of(question, (*qpath, "help"), optional=True),
                        question_series,
                    )
                )
            sections.append(
                Section(section_key, self.text_of(entry, (*path, "title")), tuple(questions))
            )
        return Instrument(**base, chart=chart, series=series, sections=tuple(sections))


def _name(path: tuple) -> str:
    return ".".join(str(part) for part in path) or _("the file")


def line_of(text: str, path: tuple) -> int:
    """The 1-based line of the key at `path` (e.g. ("sections", 1, "questions", 0, "text")),
    or of the closest table that holds it."""
    lines = text.splitlines()
    start, prefix, i = 0, "", 0
    found = 1
    while i < len(path):
        part = path[i]
        if i + 1 < len(path) and isinstance(path[i + 1], int):
            header = f"[[{prefix}{part}]]"
            count = -1
            for n in range(start, len(lines)):
                if lines[n].strip() == header:
                    count += 1
                    if count == path[i + 1]:
                        start, found = n, n + 1
                        break
            prefix += f"{part}."
            i += 2
            continue
        pattern = re.compile(rf"^\s*{re.escape(str(part))}\s*(=|\.)")
        for n in range(start, len(lines)):
            if n > start and lines[n].lstrip().startswith("[") and not pattern.match(lines[n]):
                break
            if pattern.match(lines[n]):
                return n + 1
        return found
    return found


def check_instrument(data: dict, source: str = "", text: str | None = None) -> Instrument:
    """The instrument described by `data` (parsed TOML or a copy's JSON), or InstrumentError."""
    return _Checker(source, text).instrument(data)


def load_file(path: Path) -> Instrument:
    """Read and check one instrument file; its key must be its file name."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise InstrumentError(
            str(error), path.name, int(match.group(1)) if match else None
        ) from None
    instrument = check_instrument(data, path.name, text)
    if instrument.key != path.stem:
        raise InstrumentError(
            _("the key “%(key)s” differs from the file name") % {"key": instrument.key},
            path.name,
            line_of(text, ("key",)),
        )
    return instrument


@cache
def shipped() -> dict[str, Instrument]:
    """The instruments that come with Commun, by key, in the order the overview lists them."""
    order = ["preconditions", "continuum", "five-conditions", "backbone", "engagement", "ci3"]
    found = {path.stem: load_file(path) for path in sorted(FOLDER.glob("*.toml"))}
    return {
        key: found[key]
        for key in sorted(
            found, key=lambda k: (k not in order, order.index(k) if k in order else 0, k)
        )
    }


@cache
def _from_json(content_json: str) -> Instrument:
    import json

    return check_instrument(json.loads(content_json))


def instrument_from_content(content: dict) -> Instrument:
    """The instrument a round or a copy holds (checked once per distinct content)."""
    import json

    return _from_json(json.dumps(content, sort_keys=True))
