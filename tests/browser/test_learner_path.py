"""The learner's path in a real browser: Playwright driving Debian's Chromium against `streamlit run app.py`."""

import re

import pytest
from helpers import tex_lines
from playwright.sync_api import expect

from .conftest import Server, metric, open_page, screenshot, start_training, wait_idle

pytestmark = pytest.mark.browser


def press(page, label, expect_epoch=None):
    page.get_by_test_id("stSidebar").get_by_role("button", name=label, exact=True).click()
    if expect_epoch is not None:
        expect(metric(page, "Epoch")).to_have_text(f"{expect_epoch:,}", timeout=15_000)
    wait_idle(page)


HEADINGS = {"Overview": "Happiness Net Playground"}


def go(page, title):
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=HEADINGS.get(title, title))).to_be_visible(timeout=15_000)
    wait_idle(page)


def no_exception(page):
    expect(page.get_by_test_id("stException")).to_have_count(0)


def update_lines(page, count=5):
    """The TeX source of the By-hand update lines (KaTeX keeps it in an annotation), once drawn."""
    update = page.locator("annotation[encoding='application/x-tex']").filter(has_text=": \\;")
    expect(update).to_have_count(1, timeout=15_000)
    lines = [line for line in tex_lines(update.text_content()) if ": \\;" in line]
    assert len(lines) == count, lines
    return lines


def test_the_very_first_press_counts(page):
    press(page, "+1", expect_epoch=1)
    expect(metric(page, "Loss")).to_have_text("0.241356")


def test_the_learners_path_to_1900_outputs_score_and_by_hand(page):
    press(page, "+1000", expect_epoch=1000)
    for i in range(1, 10):
        press(page, "+100", expect_epoch=1000 + 100 * i)
    expect(metric(page, "Epoch")).to_have_text("1,900")

    go(page, "Outputs")
    for name, value in (("Alejandra", "0.931"), ("Bob", "0.831"), ("Alice", "0.500")):
        expect(page.get_by_test_id("stText").filter(has_text=re.compile(rf"{name}\s+output {value}"))).to_have_count(1)
    screenshot(page, "outputs-1900")

    go(page, "Score a person")
    for label, value in (("Money", "0.2"), ("Relationships", "1"), ("Sandwiches", "0.4"), ("Baseline", "0.3")):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Score").click()
    expect(page.get_by_test_id("stMetric").filter(has_text="Happiness score").get_by_test_id("stMetricValue")) \
        .to_have_text("0.954", timeout=15_000)
    wait_idle(page)

    go(page, "By hand")
    after = [line.rsplit("=", 1)[1].strip() for line in update_lines(page)]
    press(page, "+1", expect_epoch=1901)
    expect(page.get_by_text("Epoch 1,901 → 1,902")).to_be_visible()
    before = [line.split("\\;", 1)[1].split("+", 1)[0].strip().strip("()") for line in update_lines(page)]
    assert before == after
    no_exception(page)


def test_loss_chart_draws_and_the_replay_scrubs(page):
    press(page, "+1000", expect_epoch=1000)
    go(page, "Loss")
    chart = page.get_by_test_id("stPlotlyChart")
    expect(chart).to_have_count(1)
    expect(chart.locator("path.js-line")).not_to_have_count(0)
    page.get_by_role("radio", name="Replay", exact=True).click()
    wait_idle(page)
    def title(text):  # while a rerun draws the new chart, the old one can still be on the page for a moment
        return chart.locator(".gtitle").filter(has_text=re.compile(rf"^{text}$"))

    expect(title("The network at epoch 1,000")).to_have_count(1)
    chart.locator(".updatemenu-button").filter(has_text="Replay").first.click()  # plays the history in the chart
    expect(title("The network at epoch 1,000")).to_have_count(0, timeout=10_000)
    wait_idle(page)
    slider = page.get_by_role("slider", name="Epoch")  # one slider picks the epoch for the chart and the numbers
    slider.focus()
    for _ in range(3):
        slider.press("ArrowLeft")
    expect(page.get_by_role("heading", name="Exact numbers at epoch 997")).to_be_visible(timeout=15_000)
    expect(title("The network at epoch 997")).to_have_count(1, timeout=15_000)
    wait_idle(page)
    expect(chart).to_have_count(1)
    no_exception(page)


def test_play_advances_on_its_own_and_pause_stops_it(page):
    press(page, "▶ Play")
    expect(metric(page, "Epoch")).not_to_have_text("0", timeout=15_000)
    page.get_by_role("button", name="❚❚ Pause").click()
    expect(page.get_by_role("button", name="▶ Play")).to_be_visible(timeout=15_000)
    wait_idle(page)
    paused = metric(page, "Epoch").inner_text()
    page.wait_for_timeout(1500)  # watch for about four Play ticks: nothing may move
    expect(metric(page, "Epoch")).to_have_text(paused)


def test_a_long_train_shows_progress_and_finishes(page):
    page.set_viewport_size({"width": 1920, "height": 1080})
    start_training(page, 300_000)
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=15_000)
    stop = page.get_by_test_id("stSidebar").get_by_role("button", name="Stop", exact=True).bounding_box()
    assert stop is not None and stop["y"] + stop["height"] <= 1080   # Stop in view, no scrolling the sidebar
    expect(metric(page, "Epoch")).to_have_text("300,000", timeout=60_000)
    expect(page.get_by_test_id("stProgress")).to_have_count(0, timeout=15_000)


PAGES = ["Overview", "Tour", "Weights", "Outputs", "Loss", "Landscape", "What has it learned?", "Score a person",
         "Lab", "By hand"]
CHARTS = {"Weights": 2, "Outputs": 3, "Loss": 1, "Landscape": 1, "What has it learned?": 1}  # plotly charts a page draws


def test_every_page_renders_and_is_captured(page):
    press(page, "+1000", expect_epoch=1000)
    for i in range(1, 10):
        press(page, "+100", expect_epoch=1000 + 100 * i)
    for title in PAGES:
        go(page, title)
        expect(page.locator(".js-plotly-plot, [data-testid='stDataFrame'], [data-testid='stTable'], .katex, "
                            "[data-testid='stProgress'], [data-testid='stForm']").first).to_be_visible()
        # every chart is drawn (plotly marks its div once plotted), not a grey placeholder
        expect(page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")).to_have_count(CHARTS.get(title, 0))
        no_exception(page)
        screenshot(page, title.lower().replace(" ", "-").rstrip("?"))


def test_two_learners_train_independently(browser, server):
    one, two = open_page(browser, server.url), open_page(browser, server.url)
    press(one, "+100", expect_epoch=100)
    press(two, "+10", expect_epoch=10)
    press(one, "+1", expect_epoch=101)
    two.reload()
    wait_idle(two)
    expect(metric(two, "Epoch")).to_have_text("10")  # a reload rebuilds their own run from their URL
    expect(metric(one, "Epoch")).to_have_text("101")
    one.context.close()
    two.context.close()


@pytest.mark.parametrize("typed, shown", [
    ("<script>window.injected = 1</script>", "<script>window.injected = 1</script>"),
    ("<b>bold</b>", "<b>bold</b>"),
    ("x" * 100, "x" * 60),  # the name box holds 60 characters; typing stops there
    ("", "Someone"),
])
def test_whatever_is_typed_as_a_name_is_shown_as_text(page, typed, shown):
    go(page, "Score a person")
    name = page.get_by_label("Name")
    name.fill("")
    name.press_sequentially(typed)
    page.get_by_role("button", name="Score").click()
    expect(page.get_by_test_id("stText").filter(has_text=f"{shown}: 0.600")).to_have_count(1, timeout=15_000)
    wait_idle(page)
    no_exception(page)
    assert page.evaluate("window.injected") is None
    expect(page.locator("[data-testid='stMain'] b", has_text="bold")).to_have_count(0)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1)  # the pushes
    expect(page.get_by_test_id("stTable").locator("td").first).to_have_text(shown)  # everyone scored, as typed


@pytest.mark.parametrize("path, heading", [("loss", "Loss"), ("by_hand?epoch=37", "By hand")])
def test_a_fresh_servers_first_visit_to_a_deep_link_goes_straight_to_the_page(browser, path, heading):
    """Streamlit's legacy pages/ mode is live for a fresh server's first run: it must neither run a page
    alone (no controls) nor say "Page not found" (see ui/pages.run_app)."""
    fresh = Server()
    try:
        page = open_page(browser, fresh.url, path)
        no_exception(page)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        start = 37 if "epoch=37" in path else 0
        expect(metric(page, "Epoch")).to_have_text(str(start))
        press(page, "+10", expect_epoch=start + 10)
        page.context.close()
    finally:
        fresh.stop()
