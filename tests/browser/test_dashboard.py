"""The dashboard in a real browser: pick a dyad, see the chart and events, open evidence, search."""
import pytest

pytestmark = pytest.mark.browser


def ready(page, name):
    page.wait_for_selector(f'body[data-ready="{name}"]', timeout=15_000)


def test_pick_dyad_chart_events_evidence(page, artifacts):
    page.goto(page.base + "/")
    ready(page, "dyad")
    page.wait_for_selector("#timeline svg .ev")
    page.screenshot(path=str(artifacts / "dashboard.png"))

    page.click('#dyad-list button[data-dyad="ARM-RUS"]')
    page.wait_for_function("document.querySelector('#dyad-title') && "
                           "document.querySelector('#dyad-title').textContent.includes('Armenia')")
    assert page.locator("#timeline svg circle.ev").count() == 1
    assert page.locator("#dyad-events tr.row").count() == 1

    page.click('#dyad-list button[data-dyad="AZE-RUS"]')
    page.wait_for_function("document.querySelectorAll('#dyad-events tr.row').length === 11")
    assert page.locator("#timeline svg circle.ev").count() == 11
    page.click('#mod-filter .chip[data-mod="negated"]')
    assert page.locator("#dyad-events tr.row").count() == 0
    assert "No events match" in page.inner_text("#dyad-events")
    page.click('#mod-filter .chip[data-mod="negated"]')
    assert page.locator("#dyad-events tr.row").count() == 11

    page.click("#dyad-events tr.row")
    page.wait_for_selector("#drawer.open #evidence-sentence .s-trg")
    sentence = page.inner_text("#evidence-sentence")
    assert page.inner_text("#evidence-sentence .s-trg") in sentence
    assert page.locator("#evidence-sentence .s-src").count() >= 1
    page.wait_for_timeout(300)  # the drawer's slide-in
    page.screenshot(path=str(artifacts / "evidence.png"))

    page.click("#evidence-article")
    ready(page, "article")
    assert page.locator("#article-body .s-trg").count() >= 1
    assert page.locator(".stance-row").count() >= 1
    page.screenshot(path=str(artifacts / "article.png"), full_page=True)


def test_search_a_word(page, artifacts):
    page.goto(page.base + "/")
    ready(page, "dyad")
    page.fill("#search-input", "raid")
    page.press("#search-input", "Enter")
    ready(page, "search")
    page.wait_for_selector("#search-events .hit mark")
    assert "raid" in page.inner_text("#search-events .hit mark").lower()
    assert page.locator("#search-articles .hit").count() >= 1
    page.screenshot(path=str(artifacts / "search.png"))
    page.click("#search-events .hit")
    page.wait_for_selector("#drawer.open #evidence-sentence")


def test_events_filters_and_other_pages(page, artifacts):
    page.goto(page.base + "/#/events?actor=AZE&modality=asserted")
    ready(page, "events")
    rows = page.locator("#ev-table tr.row")
    assert rows.count() > 0
    assert "asserted" in page.inner_text("#ev-table tbody")
    page.screenshot(path=str(artifacts / "events.png"))
    for name in ("network", "articles", "alerts"):
        page.goto(page.base + f"/#/{name}")
        ready(page, name)
        page.screenshot(path=str(artifacts / f"{name}.png"))
