"""Read the forms of a page and send them back exactly as a browser would.

A browser sends what each control shows: an <input type="date"> whose value is not an ISO date
shows nothing and sends "", a number it cannot read likewise; a checkbox only when checked; a
select its selected options (or its first one); a textarea its text with CRLF line ends.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# What each input type can show (the HTML standard's "valid … string"); anything else is sent empty.
READABLE = {
    "date": re.compile(r"^\d{4,}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "datetime-local": re.compile(r"^\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "month": re.compile(r"^\d{4,}-\d{2}$"),
    "week": re.compile(r"^\d{4,}-W\d{2}$"),
    "number": re.compile(r"^-?(\d+|\d*\.\d+)([eE][-+]?\d+)?$"),
    "range": re.compile(r"^-?(\d+|\d*\.\d+)([eE][-+]?\d+)?$"),
}
NOT_SENT = {"submit", "button", "image", "reset", "file"}


@dataclass
class Select:
    name: str
    multiple: bool
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    selects: list[Select] = field(default_factory=list)
    submitter: tuple[str, str] | None = None
    unreadable: list[str] = field(default_factory=list)  # controls a browser would blank
    visible: int = 0  # controls a person sees and may change

    def data(self) -> dict[str, list[str]]:
        sent: dict[str, list[str]] = {}
        for name, value in self.fields:
            sent.setdefault(name, []).append(value)
        for select in self.selects:
            chosen = [value for value, selected in select.options if selected]
            if not chosen and not select.multiple and select.options:
                chosen = [select.options[0][0]]
            for value in chosen:
                sent.setdefault(select.name, []).append(value)
        if self.submitter:
            sent.setdefault(self.submitter[0], []).append(self.submitter[1])
        return sent


class FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Select | None = None
        self._option: list | None = None  # [value or None, selected, text]
        self._textarea: list | None = None  # [name, text]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = Form(
                action=attributes.get("action") or "",
                method=(attributes.get("method") or "get").lower(),
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input":
            kind = (attributes.get("type") or "text").lower()
            value = attributes.get("value") or ""
            if kind in ("submit", "image") and name and form.submitter is None:
                form.submitter = (name, value)
            if not name or kind in NOT_SENT:
                return
            if kind != "hidden":
                form.visible += 1
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    form.fields.append((name, attributes.get("value", "on")))
                return
            if kind in READABLE and value and not READABLE[kind].match(value):
                form.unreadable.append(f"{name}={value!r} ({kind})")
                value = ""
            form.fields.append((name, value))
        elif tag == "button":
            kind = (attributes.get("type") or "submit").lower()
            if kind == "submit" and name and form.submitter is None:
                form.submitter = (name, attributes.get("value") or "")
        elif tag == "select" and name:
            form.visible += 1
            self._select = Select(name, "multiple" in attributes)
            form.selects.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [attributes.get("value"), "selected" in attributes, ""]
        elif tag == "textarea" and name:
            form.visible += 1
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._select.options.append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            text = text[1:] if text.startswith("\n") else text  # the parser drops that newline
            self._form.fields.append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms
