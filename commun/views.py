"""What pages share: the page built around one form, the error pages."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render


def form_page(request, form, template: str, context: dict, on_valid, refused=()):
    """A page built around one form: shown on GET; on a valid POST, `on_valid(form)` saves and
    returns (what to tell the person, the URL to go to), said as a success message before the
    redirect; an invalid POST shows the page again with the form's errors, nothing saved. An
    exception of the `refused` kinds raised by `on_valid` (a domain rule saying no) is shown
    as the form's error the same way."""
    if request.method == "POST" and form.is_valid():
        try:
            message, url = on_valid(form)
        except refused as no:
            form.add_error(None, str(no))
        else:
            messages.success(request, message)
            return redirect(url)
    return render(request, template, {**context, "form": form})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def page_of(request, items, per_page: int) -> dict:
    """The page `?page=` asks for, and the rest of the query string (its filters), which the
    page links of `includes/pages.html` carry: {"page": …, "query": "…"}."""
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(items, per_page).get_page(request.GET.get("page"))
    return {"page": page, "query": query.urlencode()}
