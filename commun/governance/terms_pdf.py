"""A body's terms of reference as a PDF, in French or in English (made like the agenda's)."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from commun.agenda.pdf import css_string, published
from commun.governance.models import TermsVersion
from commun.governance.terms import readable_terms
from commun.i18n import reader_languages
from commun.renders import Rendering


def terms_pdf_rendering(snapshot: dict, version: TermsVersion | None, language: str) -> Rendering:
    """The PDF of the snapshot (a version's, or the terms as they read today) in `language`."""
    with translation.override(language):
        stem = translation.gettext("terms-of-reference")
        label = translation.gettext("The terms of reference as a PDF")
    suffix = f"-v{version.number}" if version else ""
    return Rendering(
        renderer="commun.governance.terms_pdf.terms_pdf",
        arguments={
            "snapshot": snapshot,
            "version": published(version, language),
            "language": language,
            "printed_on": timezone.localdate().isoformat(),
        },
        content_type="application/pdf",
        filename=f"{stem}{suffix}-{language}.pdf",
        label=label,
    )


def terms_pdf(snapshot: dict, version: dict | None, language: str, printed_on: str) -> bytes:
    """Render the snapshot as a PDF in `language` (`version`: number, published_on, note)."""
    if version is not None:
        version = {**version, "published_at": date.fromisoformat(version["published_on"])}
    with translation.override(language):
        name = next(
            (snapshot["name"][code] for code in reader_languages() if snapshot["name"].get(code)),
            "",
        )
        html = render_to_string(
            "governance/terms_pdf.html",
            {
                "name": name,
                "sections": readable_terms(snapshot),
                "version": version,
                "printed_at": date.fromisoformat(printed_on),
                "language": language,
                "footer": css_string(name),
            },
        )
    return HTML(string=html).write_pdf()
