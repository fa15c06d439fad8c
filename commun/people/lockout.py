"""What the login lockout (django-axes) counts: the account, however it is typed, and the address
of the person trying, as seen by the reverse proxies Commun is told to trust."""

import ipaddress

from django.conf import settings


def account_name(typed: str | None) -> str:
    """The account an e-mail address names: accounts are looked up without case or outer spaces."""
    return (typed or "").strip().lower()


def login_account_name(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: every spelling of one address is counted as one account."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return account_name(credentials.get(field))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return account_name(data.get(field))


def client_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address of the person trying to log in.

    With no trusted proxy (COMMUN_TRUSTED_PROXIES=0, the default), X-Forwarded-For is ignored: anybody
    can write it. With N trusted proxies, each appends the address it received the request from, so
    the N-th address from the right is the one the outermost trusted proxy saw; what the client wrote
    to the left of it is not believed.
    """
    connected = request.META.get("REMOTE_ADDR")
    proxies = int(getattr(settings, "COMMUN_TRUSTED_PROXIES", 0) or 0)
    if proxies <= 0:
        return connected
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return connected
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return connected
