"""The dashboard over the example database (the real pipeline's output, whatever it codes today)."""
import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def example_page(browser, example_server):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)  # wait_for_function
    # evaluates its string in the page, which the Content-Security-Policy forbids (test_csp.py keeps it)
    pg = context.new_page()
    problems = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.base = example_server
    yield pg
    context.close()
    assert not problems, problems


def test_example_database_dyad_evidence_search(example_page, artifacts):
    page = example_page
    page.goto(page.base + "/")
    page.wait_for_selector('body[data-ready="dyad"]', timeout=20_000)
    buttons = page.locator("#dyad-list button")
    assert buttons.count() >= 2, "the example corpus should give at least two dyads"
    second = buttons.nth(1).get_attribute("data-dyad")
    buttons.nth(1).click()
    # the hash changes before the router runs: wait until this navigation itself has rendered
    page.wait_for_function(f"document.body.dataset.route === '#/dyad/{second}' && document.body.dataset.ready === 'dyad'")
    dated = page.evaluate("[...document.querySelectorAll('#dyad-events tr.row .date')]"
                          ".filter(td => td.textContent.trim() !== 'undated').length")
    assert page.locator("#timeline svg circle.ev").count() == dated > 0
    page.screenshot(path=str(artifacts / "examples-dyad.png"))
    page.click("#dyad-events tr.row")
    page.wait_for_selector("#drawer.open #evidence-sentence .s-trg")
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "examples-evidence.png"))
    page.keyboard.press("Escape")
    page.fill("#search-input", "ceasefire")
    page.press("#search-input", "Enter")
    page.wait_for_selector('body[data-ready="search"] #search-events .hit mark')
    page.screenshot(path=str(artifacts / "examples-search.png"))
