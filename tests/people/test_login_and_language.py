import pytest
from django.urls import reverse

from commun.initiatives.demo import DEMO_PASSWORD
from tests.helpers import client_for


def test_a_person_logs_in_with_email_and_password(client, people):
    response = client.post(
        reverse("people:login"), {"username": people["observer"].email, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("people:preferences")).status_code == 200


def test_a_wrong_password_gets_a_translated_message(client, people):
    client.cookies.load({"commun_language": "fr"})
    response = client.post(
        reverse("people:login"), {"username": people["observer"].email, "password": "faux"}
    )
    assert response.status_code == 200
    assert "ne correspondent pas" in response.content.decode()


def test_repeated_failed_logins_are_throttled(client, people, settings):
    email = people["observer"].email
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("people:login"), {"username": email, "password": "faux"})
    response = client.post(reverse("people:login"), {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2():
    from commun import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    "language, word", [("en", "Partner organizations"), ("fr", "Organisations partenaires")]
)
def test_the_chosen_language_sticks_to_the_account(people, initiative, language, word):
    user = people["backbone_staff"]
    client = client_for(user)
    client.post(reverse("people:set_language"), {"language": language, "next": "/"})
    user.refresh_from_db()
    assert user.language == language
    fresh = client_for(user)  # a new browser, no cookie: the account decides
    page = fresh.get(reverse("initiatives:partners", args=[initiative.slug]))
    assert word in page.content.decode()


def test_an_unknown_language_is_refused_and_changes_nothing(people):
    user = people["backbone_staff"]
    before = user.language
    client_for(user).post(reverse("people:set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == before


def test_language_switch_never_redirects_off_site(client):
    response = client.post(
        reverse("people:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
