"""Shared fixtures: the demo initiative loaded once per session, and one person per role."""

import pytest

from commun.demo.loader import load_demo
from commun.initiatives.models import Initiative
from commun.initiatives.roles import Role
from commun.people.models import User
from tests.helpers import MAIN, OTHER, PARTNER_EDITOR_EMAIL, member


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests last. They run against a live server in transactions of their own, so each
    one flushes the database and its demo data; every test after them would load the demo again
    (a few seconds each). pytest-django orders tests by their use of the database; this keeps
    that order and moves the browser tests behind all the others."""
    items.sort(key=lambda item: item.nodeid.startswith("tests/browser/"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The realistic demo data, loaded once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: what one test cached must not answer for another."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def demo(db):
    """The demo data, reloaded when a transactional test (browser tests) has flushed it."""
    if not Initiative.objects.filter(slug=MAIN).exists():
        load_demo()


@pytest.fixture
def initiative(demo):
    return Initiative.objects.get(slug=MAIN)


@pytest.fixture
def other_initiative(demo):
    return Initiative.objects.get(slug=OTHER)


@pytest.fixture
def people(demo):
    """One person for each way of seeing the main initiative, the anonymous public included."""
    return {
        "anonymous": None,
        "superuser": User.objects.filter(is_superuser=True).order_by("pk").first(),
        "backbone_admin": member(MAIN, Role.BACKBONE_ADMIN),
        "backbone_staff": member(MAIN, Role.BACKBONE_STAFF),
        "partner_editor": User.objects.get(email=PARTNER_EDITOR_EMAIL),
        "partner_member": User.objects.get(email="membre@demo.commun.example"),
        "observer": member(MAIN, Role.OBSERVER),
        "other_initiative_admin": member(OTHER, Role.BACKBONE_ADMIN),
    }
