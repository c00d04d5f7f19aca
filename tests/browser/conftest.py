"""Browser tests: Debian's chromium driven by playwright against a live server on the sample store.

They need /usr/bin/chromium (``apt-get install chromium``) and the ``playwright`` Python package; nothing is
downloaded at run time. Screenshots go to $DETENTE_ARTIFACTS (default: build/screenshots)."""
import os
import pathlib
import time

import pytest

from browser import sample
from browser.harness import ARGS, CHROMIUM, serve

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _skip_reason():
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


@pytest.fixture(scope="session")
def artifacts():
    path = pathlib.Path(os.environ.get("DETENTE_ARTIFACTS") or ROOT / "build" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    db = os.environ.get("DETENTE_BROWSER_DB")
    if not db:
        db = str(tmp_path_factory.mktemp("browser") / "sample.duckdb")
        sample.build(db).close()
    yield from serve(db)


@pytest.fixture(scope="session")
def browser():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and failed requests; the test fails if there are any.

    Its Content-Security-Policy is bypassed: ``wait_for_function`` evaluates its string in the page, which the
    policy forbids (no eval). ``strict_page`` keeps the policy, for test_csp.py."""
    yield from _page(browser, server, bypass_csp=True)


@pytest.fixture
def strict_page(browser, server):
    """:func:`page` under the server's own Content-Security-Policy (any violation is a console error)."""
    yield from _page(browser, server, bypass_csp=False)


def _page(browser, server, bypass_csp: bool):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, device_scale_factor=1,
                                  bypass_csp=bypass_csp)
    pg = context.new_page()
    problems = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    pg.base = server
    yield pg
    context.close()
    assert not problems, problems


@pytest.fixture(scope="session")
def example_server(tmp_path_factory):
    """A live server over the example database: $DETENTE_EXAMPLE_DB (e.g. the one `make demo` built),
    or the example articles analysed now into a temporary store (the real pipeline: about a minute)."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    import shutil

    import detente

    db = str(tmp_path_factory.mktemp("examples") / "examples.duckdb")
    given = os.environ.get("DETENTE_EXAMPLE_DB")
    if given:
        shutil.copy(given, db)  # the server opens its store for writing (clusters); never touch the original
    else:
        detente.analyze([str(ROOT / "examples" / "articles")], db=db)
    yield from serve(db)
