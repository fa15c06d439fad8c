"""Browser tests: Playwright driving the system's Chromium against pytest-django's live server.

Every test in this folder is a `browser` test (the marker is added here if a test forgets it), so
`pytest -m "not browser"` leaves them all out. When `/usr/bin/chromium` is missing they are skipped,
unless `COMMUN_REQUIRE_BROWSER=1` (as `.ci/run` sets), in which case each of them fails.

A test looks like:

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True)
    def test_something(live_server, new_context):
        page = new_context(locale="fr-CA", viewport=PHONE).new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        check_accessibility(page)
        screenshot(page, "something-fr-phone")

Never run `playwright install`: it downloads a browser, which fails here and on CI.
"""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

# Playwright's sync API runs an event loop in the test's thread; Django then refuses database
# queries from that thread (fixtures, assertions) unless told this is fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
AXE_JS = REPO_ROOT / "commun" / "static" / "vendor" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# axe-core tags: WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
TARGETS_SHOWN = 3


def browser_required() -> bool:
    return os.environ.get("COMMUN_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def _in_this_folder(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of this folder `browser`; skip them when Chromium is missing.

    `tryfirst` so the marker is there before pytest applies `-m` to the collected tests.
    """
    skip = None
    if not chromium_available() and not browser_required():
        skip = pytest.mark.skip(
            reason=f"{CHROMIUM} is missing (apt-get install chromium; "
            "set COMMUN_REQUIRE_BROWSER=1 to make this a failure)"
        )
    for item in items:
        if not _in_this_folder(item):
            continue
        if item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
        if skip is not None:
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """With COMMUN_REQUIRE_BROWSER=1, a missing Chromium fails each browser test, by name.

    A hook rather than a fixture: it runs before the session-scoped `browser` fixture would try
    (and fail obscurely) to launch a missing executable.
    """
    if _in_this_folder(item) and browser_required() and not chromium_available():
        pytest.fail(
            f"COMMUN_REQUIRE_BROWSER=1 but {CHROMIUM} is missing: apt-get install -y chromium",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch options, pointed at Debian's Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


def check_accessibility(page: Page) -> None:
    """Run axe-core (WCAG 2 A and AA rules) on the page; fail on any serious or critical violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses
        # the inline <script> that page.add_script_tag would add.
        page.evaluate(AXE_JS.read_text())
    violations = page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.map((node) => node.target),
            }));
        }""",
        WCAG_TAGS,
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if not blocking:
        return
    lines = [f"{len(blocking)} serious or critical accessibility violation(s) on {page.url}:"]
    for violation in blocking:
        targets = violation["targets"]
        shown = ", ".join(json.dumps(target) for target in targets[:TARGETS_SHOWN])
        more = f" (+{len(targets) - TARGETS_SHOWN} more)" if len(targets) > TARGETS_SHOWN else ""
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} — {shown}{more}"
        )
    pytest.fail("\n".join(lines), pytrace=False)


def no_sideways_scroll(page: Page) -> None:
    """The page fits the screen's width: nothing to scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as test-artifacts/screenshots/<name>.png (git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, live_server_url: str, email: str, password: str) -> None:
    """Log in through the login form, as a person would, and wait for the page that follows."""
    page.goto(f"{live_server_url.rstrip('/')}/accounts/login/")
    page.fill("main form [name=username]", email)
    page.fill("main form [name=password]", password)
    with page.expect_navigation(wait_until="load"):
        page.click("main form button[type=submit]")
    page.wait_for_load_state("load")


def record_failures(page) -> list[str]:
    """A list that fills with the page's failed requests (4xx, 5xx) and console errors."""
    failures: list[str] = []

    def on_response(response):
        if response.status >= 400:
            failures.append(f"{response.status} {response.url}")

    def on_console(message):
        if message.type == "error":
            failures.append(f"console: {message.text} ({message.location.get('url', '')})")

    page.on("response", on_response)
    page.on("console", on_console)
    return failures


def tooltip_of(page: Page, marks: str, tap: bool = False) -> str:
    """The chart tooltip's text once the first of `marks` is pointed at (or tapped, on a phone)."""
    mark = page.locator(marks).first
    if tap:
        mark.tap(force=True)
    else:
        mark.hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5_000)
    return tooltip.inner_text()
