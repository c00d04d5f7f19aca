"""The analyst's daily views in a real browser: the map, the shared filters (place included), the timeline's
date brush with gaps, the network layout, and the whole dashboard at phone width."""
import pytest

pytestmark = pytest.mark.browser


def ready(page, name):
    page.wait_for_selector(f'body[data-ready="{name}"]', timeout=15_000)


def test_map_draws_outlines_and_places_and_clicks_through_to_evidence(page, artifacts):
    page.goto(page.base + "/#/map")
    ready(page, "map")
    assert page.locator("#map svg .land path").count() > 100  # the shipped country outlines
    places = page.locator("#map svg circle.place")
    assert places.count() == 4
    names = {places.nth(i).get_attribute("data-place") for i in range(places.count())}
    assert names == {"Baku", "Aktau", "Yekaterinburg", "Dushanbe"}
    assert "of" in page.inner_text("#map-total")
    page.screenshot(path=str(artifacts / "dashboard-map.png"))
    page.click('#map svg circle.place[data-place="Baku"]')
    page.wait_for_selector("#place-events tr.row")
    assert "Baku" in page.text_content("#place-title")
    page.click("#place-events tr.row")
    page.wait_for_selector("#drawer.open #evidence-sentence")
    assert "Baku" in page.inner_text("#drawer-body")


def test_filters_are_shared_by_the_map_and_the_table(page):
    page.goto(page.base + "/#/map?type=COERCE")
    ready(page, "map")
    coerce = page.locator("#map svg circle.place").count()
    page.goto(page.base + "/#/map")
    ready(page, "map")
    assert 0 < coerce < page.locator("#map svg circle.place").count()
    page.goto(page.base + "/#/events?place=Baku")
    ready(page, "events")
    rows = page.locator("#ev-table tr.row")
    assert rows.count() > 0
    total = int(page.inner_text("#ev-total").split()[0])
    page.goto(page.base + "/#/events")
    ready(page, "events")
    assert total < int(page.inner_text("#ev-total").split()[0])
    page.goto(page.base + "/#/events?place=AZE")  # a country code matches the places in it
    ready(page, "events")
    assert page.locator("#ev-table tr.row").count() == total
    page.click("#switch")  # the same filter on the map
    ready(page, "map")
    assert [page.locator("#map svg circle.place").nth(i).get_attribute("data-place")
            for i in range(page.locator("#map svg circle.place").count())] == ["Baku"]


def test_timeline_brush_zooms_and_gaps_stay_gaps(page, artifacts):
    page.goto(page.base + "/#/dyad/AZE-RUS")
    ready(page, "dyad")
    page.wait_for_selector("#brush svg .brush-bg")
    before = page.locator("#dyad-events tr.row").count()
    assert before == 11
    # the relation line is cut where periods have no happening
    segments = page.locator("#timeline svg path.line.segment").count()
    series = page.evaluate("fetch('/api/dyads/AZE/RUS/series').then(r => r.json())")
    runs, prev = 0, None
    for i, p in enumerate(series["series"]):
        if p["clusters"] and p["intensity"] is not None:
            if prev is None or i != prev + 1:
                runs += 1
            prev = i
    assert runs > 1  # the sample has empty months between its events
    assert segments <= runs and segments >= 1
    box = page.locator("#brush svg .brush-bg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.99, y, steps=5)
    page.mouse.up()
    page.wait_for_function("document.querySelector('#brush-note').textContent.includes('→')")
    after = page.locator("#dyad-events tr.row").count()
    assert 0 < after < before
    assert page.locator("#timeline svg circle.ev").count() == after
    assert f"{after} of 11 events" in page.inner_text("#dyad-count")
    page.screenshot(path=str(artifacts / "dashboard-brush.png"))
    page.mouse.click(box["x"] + 5, y)  # a click clears the window
    page.wait_for_function("document.querySelectorAll('#dyad-events tr.row').length === 11")


def test_network_nodes_do_not_overlap_or_stick_to_the_frame(page, artifacts):
    for width in (1440, 400):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(page.base + "/#/network")
        ready(page, "network")
        page.wait_for_selector("#network svg g.node")
        geo = page.evaluate("""() => {
            const svg = document.querySelector('#network svg');
            const [,, W, H] = svg.getAttribute('viewBox').split(' ').map(Number);
            const nodes = [...svg.querySelectorAll('g.node')].map((g) => {
              const m = g.getAttribute('transform').match(/translate\\(([-\\d.e]+),([-\\d.e]+)\\)/);
              return {x: +m[1], y: +m[2], r: +g.querySelector('circle').getAttribute('r')};
            });
            return {W, H, nodes};
        }""")
        nodes = geo["nodes"]
        assert len(nodes) >= 3
        for i, a in enumerate(nodes):
            assert a["r"] <= a["x"] <= geo["W"] - a["r"] and a["r"] <= a["y"] <= geo["H"] - a["r"]
            for b in nodes[i + 1:]:
                assert ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5 >= a["r"] + b["r"], (a, b)
        on_edge = sum(1 for a in nodes if min(a["x"] - a["r"], geo["W"] - a["x"] - a["r"]) < 2)
        assert on_edge == 0
        page.screenshot(path=str(artifacts / f"dashboard-network-{width}.png"))


@pytest.mark.parametrize("route, name", [("/", "dyad"), ("/#/events", "events"), ("/#/map", "map"),
                                         ("/#/network", "network"), ("/#/articles", "articles"),
                                         ("/#/alerts", "alerts")])
def test_phone_width_has_no_sideways_scroll(page, artifacts, route, name):
    page.set_viewport_size({"width": 400, "height": 860})
    page.goto(page.base + route)
    ready(page, name)
    page.wait_for_timeout(200)
    width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    assert width <= 400, f"{route} is {width}px wide at a 400px viewport"
    page.screenshot(path=str(artifacts / f"phone-{name}.png"), full_page=True)


def test_events_page_pages_past_the_cap(page):
    page.goto(page.base + "/#/events")
    ready(page, "events")
    total = int(page.inner_text("#ev-total").split()[0])
    seen = page.locator("#ev-table tr.row").count()
    assert f"of {total}" in page.inner_text(".pager")
    assert seen == min(total, 50)
