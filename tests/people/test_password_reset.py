"""The password reset e-mail reaches its reader in the language of their account."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.helpers import client_for


@pytest.mark.parametrize(
    ("account", "page", "subject", "hello"),
    [
        ("en", "fr", "Reset your Commun password", "Hello,"),
        ("fr", "en", "Réinitialisez votre mot de passe Commun", "Bonjour,"),
    ],
)
def test_the_reset_link_is_written_in_the_accounts_language_not_the_pages(
    people, account, page, subject, hello
):
    person = people["observer"]
    person.language = account
    person.save(update_fields=["language"])
    client = client_for(None)
    client.cookies.load({"commun_language": page})  # asked from a page in the other language
    response = client.post(reverse("people:password_reset"), {"email": person.email})
    assert response.status_code == 302
    [message] = mail.outbox
    assert (message.subject, message.body.split("\n")[0]) == (subject, hello)
