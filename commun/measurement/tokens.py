"""API tokens: made once, shown once, kept only as a hash, revoked at will."""

import secrets

from django.utils import timezone

from commun.api import hash_key
from commun.measurement.models import ApiToken


def create_token(initiative, partner, name: str, by) -> tuple[ApiToken, str]:
    """The new token and its key, which is never shown again."""
    key = f"cmn_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        initiative=initiative,
        partner=partner,
        name=name.strip()[:100],
        prefix=key[:8],
        key_hash=hash_key(key),
        created_by=by,
    )
    return token, key


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
