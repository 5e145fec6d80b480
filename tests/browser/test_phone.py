"""The learner's path on a phone (390 x 844): the live bar trains, the drawer stays shut, everything fits."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import bar_button, live, press, screenshot, wait_idle, watch

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PHONE_BROWSER = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                 "Chrome/126.0 Mobile Safari/537.36")
PAGES = {"": "Happiness Net Playground", "tour": "Tour", "weights": "Weights", "outputs": "Outputs", "loss": "Loss",
         "landscape": "Landscape", "learned": "What has it learned?", "score": "Score a person", "lab": "Lab",
         "by_hand": "By hand", "challenges": "Challenges", "class": "Class"}
# A formula wider than a phone scrolls sideways, at a size that reads, in a display the keyboard can focus
# (test_by_hands_formulas_read_on_a_phone); nothing else may be wider than its box.
OVERFLOWING = """() => [...document.querySelectorAll(
    '[data-testid=stTable] > div, .hl-table-box, [data-testid=stPageLink] span, .katex-display:not([tabindex="0"]), '
    + '[data-testid=stMain] p')]
  .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 2)
  .map(e => (e.innerText || '').slice(0, 40))"""


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(viewport=PHONE, user_agent=PHONE_BROWSER, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server.url)
    wait_idle(page)
    yield page
    context.close()


def drawer_shut(page):
    box = page.get_by_test_id("stSidebar").bounding_box()
    return box is None or box["x"] + box["width"] <= 0


def in_view(page, locator):
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0 \
        and box["x"] + box["width"] <= size["width"]


def test_a_phone_trains_from_the_bar_with_the_drawer_shut(phone):
    expect(live(phone, "epoch")).to_have_text("0")
    expect(live(phone, "loss")).to_have_text("0.267999")
    assert drawer_shut(phone)
    press(phone, "+1000", 1000)
    for i in range(1, 10):
        press(phone, "+100", 1000 + 100 * i)
    assert drawer_shut(phone)  # pressing never opens the drawer over the page
    table = phone.locator(".hl-table")
    expect(table).to_contain_text("Alejandra")
    # Other pages through the drawer, which shuts again once a page is picked
    phone.get_by_test_id("stExpandSidebarButton").tap()
    phone.get_by_test_id("stSidebarNav").get_by_role("link", name="Outputs", exact=True).tap()
    expect(phone.get_by_role("heading", level=1, name="Outputs")).to_be_visible()
    wait_idle(phone)
    expect(phone.get_by_test_id("stSidebar")).not_to_be_in_viewport()
    expect(phone.get_by_test_id("stText").filter(has_text=re.compile(r"Alejandra\s+output 0.931"))).to_have_count(1)
    # The bar stays in view as the page scrolls
    phone.get_by_test_id("stMain").evaluate("e => e.scrollTo(0, e.scrollHeight)")
    expect(bar_button(phone, "+1")).to_be_in_viewport(ratio=1)
    assert in_view(phone, live(phone, "epoch"))
    press(phone, "+1", 1901)


def test_play_and_pause_from_the_bar(phone):
    press(phone, "▶ Play")
    expect(live(phone, "epoch")).not_to_have_text("0", timeout=15_000)
    press(phone, "❚❚ Pause")
    expect(bar_button(phone, "▶ Play")).to_be_visible()
    wait_idle(phone)
    assert len(set(watch(phone, 1200))) == 1  # paused: the epoch holds still


def test_every_page_fits_a_phone_and_is_captured(phone, server):
    for path, heading in PAGES.items():
        phone.goto(f"{server.url}/{path}?epoch=1900")
        wait_idle(phone)
        expect(phone.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(phone.locator(".hl-figure:not([data-ready])")).to_have_count(0)
        expect(phone.locator(".hl-bar")).to_have_count(1)  # the live view's script has run (it names regions)
        assert phone.evaluate(OVERFLOWING) == [], path
        main = phone.get_by_test_id("stMain")
        assert main.evaluate("e => e.scrollWidth") <= PHONE["width"], path
        charts = phone.locator("[data-testid='stPlotlyChart'] .main-svg")
        for i in range(charts.count()):  # every chart's text (titles, names, labels) is inside the chart
            svg = charts.nth(i).bounding_box()
            for text in charts.nth(i).locator(".gtitle, .textpoint text, .annotation").all():
                b = text.bounding_box()
                inside = b is None or svg["x"] - 1 <= b["x"] and b["x"] + b["width"] <= svg["x"] + svg["width"] + 1
                assert inside, (path, text.text_content())
        if path == "outputs":  # the errors are a plain table, every column whole on the screen
            errors = phone.get_by_test_id("stTable").filter(has_text="Squared error")
            expect(errors).to_have_count(1)
            box = errors.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        if path == "learned":  # every point and its name sits whole inside the map (none cut at its edges)
            area = phone.locator("[data-testid='stPlotlyChart'] .nsewdrag").first.bounding_box()
            for thing in phone.locator("[data-testid='stPlotlyChart'] .scatterlayer .point, "
                                       "[data-testid='stPlotlyChart'] .scatterlayer .textpoint text").all():
                b = thing.bounding_box()
                assert area["x"] - 1 <= b["x"] and b["x"] + b["width"] <= area["x"] + area["width"] + 1, b
                assert area["y"] - 1 <= b["y"] and b["y"] + b["height"] <= area["y"] + area["height"] + 1, b
        screenshot(phone, f"phone-{path or 'overview'}")


def test_by_hands_formulas_read_on_a_phone_and_scroll_sideways(phone, server):
    phone.goto(f"{server.url}/by_hand?epoch=5&hidden=8&bias=1")
    wait_idle(phone)
    expect(phone.locator(".katex-display")).to_have_count(3)
    expect(phone.locator(".katex-display:not([tabindex='0'])")).to_have_count(0)
    displays = phone.evaluate("""() => [...document.querySelectorAll('.katex-display')].map(e => ({
        size: parseFloat(getComputedStyle(e.querySelector('.katex')).fontSize),
        scrolls: e.scrollWidth > e.clientWidth, overflow: getComputedStyle(e).overflowX,
        fits: e.getBoundingClientRect().right <= window.innerWidth + 1}))""")
    assert all(d["size"] >= 15 for d in displays), displays  # as large as the text around them, not 0.62 em
    assert any(d["scrolls"] for d in displays) and all(d["overflow"] == "auto" and d["fits"] for d in displays)
    wide = phone.locator(".katex-display").first
    # it shows that it scrolls: a shadow at the edge that hides more, its name, and a line above the formulas
    expect(wide).to_have_class(re.compile(r"\bhl-scrolls\b"))
    expect(wide).to_have_attribute("aria-label", re.compile("scroll for the rest"))
    assert "gradient" in wide.evaluate("e => getComputedStyle(e).backgroundImage")
    expect(phone.get_by_text(re.compile("a formula wider than it scrolls sideways"))).to_be_visible()
    epoch = live(phone, "epoch").inner_text()
    wide.focus()
    wide.press("ArrowRight")  # the keyboard scrolls it too (and → trains nothing here)
    expect(wide).to_be_focused()
    phone.wait_for_function("() => document.querySelector('.katex-display').scrollLeft > 0")
    assert live(phone, "epoch").inner_text() == epoch
    assert phone.get_by_test_id("stMain").evaluate("e => e.scrollWidth") <= PHONE["width"]
