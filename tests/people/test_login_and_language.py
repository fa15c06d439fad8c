import pytest
from django.urls import reverse

from commun.demo.cast import DEMO_PASSWORD
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


def test_language_switch_never_redirects_off_site(client, db):
    response = client.post(
        reverse("people:set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def log_in(client, user, **extra):
    return client.post(
        reverse("people:login"), {"username": user.email, "password": DEMO_PASSWORD, **extra}
    )


def choose_language(client, language, next_url="/accounts/login/"):
    client.post(reverse("people:set_language"), {"language": language, "next": next_url})


def speaks_english(user, initiative) -> bool:
    """What a new browser, with no cookie, shows this person: the account decides."""
    page = client_for(user).get(reverse("initiatives:partners", args=[initiative.slug]))
    return "Partner organizations" in page.content.decode()


def test_a_language_chosen_on_the_login_page_is_kept_on_the_account(client, people, initiative):
    user = people["observer"]
    assert user.language == "fr"
    choose_language(client, "en")

    log_in(client, user)

    user.refresh_from_db()
    assert user.language == "en"
    assert speaks_english(user, initiative)


def test_without_a_choice_before_login_the_account_keeps_its_language(client, people):
    user = people["observer"]
    client.cookies.load({"commun_language": "en"})  # left in the browser, not chosen today

    log_in(client, user)

    user.refresh_from_db()
    assert user.language == "fr"


def test_one_persons_choice_does_not_follow_the_next_person_on_the_same_browser(client, people):
    first, second = people["observer"], people["partner_member"]
    choose_language(client, "en")
    log_in(client, first)
    client.post(reverse("people:logout"))

    log_in(client, second)

    second.refresh_from_db()
    assert second.language == "fr"


def test_a_language_chosen_before_creating_an_account_is_kept(client, people, initiative):
    from commun.people.invitations import invite
    from commun.people.models import User

    invitation = invite(
        initiative, by=people["backbone_admin"], email="new@example.org", role="observer"
    )
    url = reverse("people:invitation", args=[invitation.token])
    choose_language(client, "en", next_url=url)
    client.post(
        url,
        {
            "full_name": "New Person",
            "new_password1": "a-strong-pass-2026",
            "new_password2": "a-strong-pass-2026",
        },
    )
    assert User.objects.get(email="new@example.org").language == "en"


def test_a_person_with_one_initiative_lands_on_it(client, people, initiative):
    response = log_in(client, people["observer"])
    assert response["Location"] == reverse("framework:home", args=[initiative.slug])


def test_asking_for_the_list_of_initiatives_is_asking_for_nothing(client, people, initiative):
    response = log_in(client, people["observer"], next="/")  # the header's link on the list
    assert response["Location"] == reverse("framework:home", args=[initiative.slug])


def test_the_page_asked_for_wins_over_the_initiative(client, people):
    response = log_in(client, people["observer"], next=reverse("people:preferences"))
    assert response["Location"] == reverse("people:preferences")


def test_a_person_with_several_initiatives_lands_on_the_list(client, people):
    response = log_in(client, people["superuser"])  # sees every initiative
    assert response["Location"] == reverse("framework:index")


# --- The lockout counts one account however its address is typed, and the real client address.

LOGIN_FAILURES_FROM = "203.0.113.7"


def fail_logins(client, spellings, **headers):
    for spelling in spellings:
        client.post(reverse("people:login"), {"username": spelling, "password": "faux"}, **headers)


def try_right_password(client, spelling, **headers):
    return client.post(
        reverse("people:login"), {"username": spelling, "password": DEMO_PASSWORD}, **headers
    )


@pytest.mark.parametrize("language, words", [("fr", "Trop de tentatives"), ("en", "Too many")])
def test_failures_typed_in_other_cases_or_with_spaces_lock_the_account_for_every_spelling(
    client, people, settings, language, words
):
    email = people["partner_editor"].email  # repondante@…
    spellings = [email.capitalize(), f" {email} ", email.upper(), f"{email} ", f" {email.title()}"]
    assert len(spellings) == settings.AXES_FAILURE_LIMIT
    fail_logins(client, spellings)
    client.cookies.load({"commun_language": language})
    for spelling in [email, email.upper(), f" {email.capitalize()} "]:
        response = try_right_password(client, spelling)
        assert response.status_code in (403, 429)
        assert words in response.content.decode()
        assert "_auth_user_id" not in client.session


def test_without_a_trusted_proxy_a_forged_forwarded_address_is_not_believed(
    client, people, settings
):
    settings.COMMUN_TRUSTED_PROXIES = 0
    email = people["partner_editor"].email
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail_logins(
            client,
            [email],
            REMOTE_ADDR=LOGIN_FAILURES_FROM,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )
    forged = try_right_password(
        client, email, REMOTE_ADDR=LOGIN_FAILURES_FROM, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert forged.status_code in (403, 429)
    # Someone else, at another address, is not locked out by these failures.
    assert try_right_password(client, email, REMOTE_ADDR="198.51.100.20").status_code == 302


def test_behind_a_trusted_proxy_two_clients_are_counted_apart(client, people, settings):
    settings.COMMUN_TRUSTED_PROXIES = 1
    proxy = "127.0.0.1"
    email = people["partner_editor"].email
    # The proxy appends the address it saw; what a client wrote before it is not believed.
    fail_logins(
        client,
        [email] * settings.AXES_FAILURE_LIMIT,
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=f"192.0.2.1, {LOGIN_FAILURES_FROM}",
    )
    locked = try_right_password(
        client, email, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {LOGIN_FAILURES_FROM}"
    )
    assert locked.status_code in (403, 429)
    other_client = try_right_password(
        client, email, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20"
    )
    assert other_client.status_code == 302
