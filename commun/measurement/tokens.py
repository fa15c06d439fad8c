"""API tokens: made once, shown once, kept only as a hash, revoked at will."""

import hashlib
import secrets

from django.utils import timezone

from commun.measurement.models import ApiToken


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_for_key(key: str) -> ApiToken | None:
    """The live token a caller presents, noting when it was last used."""
    found = (
        ApiToken.objects.select_related("initiative", "partner", "created_by")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if found is not None:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found


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
