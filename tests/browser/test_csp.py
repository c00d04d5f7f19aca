"""The dashboard under its own Content-Security-Policy: every page renders and nothing is refused.

The policy (detente/web/security.py) allows only the server's own scripts and styles and no eval; a
violation shows as a console error, which fails the test (``strict_page``). Only selectors are waited for
here: ``wait_for_function`` would itself need eval."""
import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("route,ready,selector", [
    ("#/", "dyad", "#timeline svg .ev"),
    ("#/events", "events", "#ev-table tr.row"),
    ("#/articles", "articles", "tr[data-article]"),
    ("#/network", "network", "#net-side"),
    ("#/alerts", "alerts", "main .card"),
    ("#/search/Baku", "search", "main .card"),
])
def test_every_page_renders_under_the_policy(strict_page, route, ready, selector):
    response = strict_page.goto(strict_page.base + "/" + route)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    strict_page.wait_for_selector(f'body[data-ready="{ready}"]', timeout=15_000)
    strict_page.wait_for_selector(selector, timeout=15_000, state="attached")


def test_an_article_and_its_evidence_render_under_the_policy(strict_page):
    strict_page.goto(strict_page.base + "/#/events")
    strict_page.wait_for_selector("#ev-table tr.row", timeout=15_000)
    strict_page.click("#ev-table tr.row")
    strict_page.wait_for_selector("#drawer.open #evidence-sentence .s-trg", timeout=15_000)
    strict_page.click("#evidence-article")
    strict_page.wait_for_selector('body[data-ready="article"] #article-body', timeout=15_000)
