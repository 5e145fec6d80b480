"""The learner's path in a real browser: Playwright driving Debian's Chromium against `streamlit run app.py`."""

import re

import pytest
from helpers import tex_lines
from playwright.sync_api import expect

from .conftest import Server, bar_button, live, open_page, press, screenshot, start_training, wait_idle, watch

pytestmark = pytest.mark.browser


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
    press(page, "+1", epoch=1)
    expect(live(page, "loss")).to_have_text("0.241356")


def test_the_learners_path_to_1900_outputs_score_and_by_hand(page):
    press(page, "+1000", epoch=1000)
    for i in range(1, 10):
        press(page, "+100", epoch=1000 + 100 * i)
    expect(live(page, "epoch")).to_have_text("1,900")

    go(page, "Outputs")
    for name, value in (("Alejandra", "0.931"), ("Bob", "0.831"), ("Alice", "0.500")):
        expect(page.get_by_test_id("stText").filter(has_text=re.compile(rf"{name}\s+output {value}"))).to_have_count(1)
    screenshot(page, "outputs-1900")

    go(page, "Score a person")
    for label, value in (("Money", "0.2"), ("Relationships", "1"), ("Sandwiches", "0.4"), ("Baseline", "0.3")):
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Score").click()
    expect(page.get_by_test_id("stMetric").filter(has_text="Happiness score").get_by_test_id("stMetricValue")) \
        .to_have_text("0.954433", timeout=15_000)  # as the README quotes James
    wait_idle(page)

    go(page, "By hand")
    after = [line.rsplit("=", 1)[1].strip() for line in update_lines(page)]
    press(page, "+1", epoch=1901)
    expect(page.get_by_text("Epoch 1,901 → 1,902")).to_be_visible()
    before = [line.split("\\;", 1)[1].split("+", 1)[0].strip().strip("()") for line in update_lines(page)]
    assert before == after
    no_exception(page)


def test_loss_chart_draws_and_the_replay_scrubs(page):
    press(page, "+1000", epoch=1000)
    go(page, "Loss")
    curve = page.locator(".hl-figure.js-plotly-plot[data-ready='1']")  # the live curve
    expect(curve).to_have_count(1)
    expect(curve.locator("path.js-line")).not_to_have_count(0)
    page.get_by_role("radio", name="Replay", exact=True).click()
    chart = page.get_by_test_id("stPlotlyChart")
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
    expect(live(page, "epoch")).not_to_have_text("0", timeout=15_000)
    press(page, "❚❚ Pause")
    expect(bar_button(page, "▶ Play")).to_be_visible(timeout=15_000)
    wait_idle(page)
    paused = live(page, "epoch").inner_text()
    assert set(watch(page, 1500)) == {paused}  # nothing moves once paused


STOP_SEEN = """(() => {
  window.__stop = null;
  window.__bars = 0;  // the most live bars the page ever held at once
  new MutationObserver(() => {
    const stop = [...document.querySelectorAll('[data-testid=stSidebar] button')]
      .find(b => b.textContent.trim() === 'Stop');
    if (stop && !window.__stop) window.__stop = {stopBottom: stop.getBoundingClientRect().bottom};
    window.__bars = Math.max(window.__bars, document.querySelectorAll('[data-live=epoch]').length);
  }).observe(document, {subtree: true, childList: true});
})()"""


def test_a_long_train_shows_stop_in_view_and_finishes(browser, server):
    """Stop shows while a long Train runs (watched inside the page from its start: on a fast machine 300,000
    epochs take a second or two), in view without scrolling the sidebar, the page keeps one live bar, and the
    job finishes.

    The progress bar beside it is held by the AppTests (tests/test_app.py): in the browser, Streamlit
    sometimes paints a new progress bar only a second after its run, when a job this quick is done.
    """
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.add_init_script(STOP_SEEN)
    page = context.new_page()
    page.goto(server.url)
    wait_idle(page)
    start_training(page, 300_000)
    expect(live(page, "epoch")).to_have_text("300,000", timeout=60_000)
    expect(page.get_by_test_id("stProgress")).to_have_count(0, timeout=15_000)
    seen = page.evaluate("window.__stop")
    assert seen is not None and seen["stopBottom"] <= 1080  # Stop in view, no scrolling the sidebar
    assert page.evaluate("window.__bars") == 1  # one live bar all along, as the job's runs come and go
    context.close()


PAGES = ["Overview", "Tour", "Weights", "Outputs", "Loss", "Landscape", "What has it learned?", "Score a person",
         "Lab", "By hand", "Challenges", "Class"]
CHARTS = {"Weights": 1, "Outputs": 2, "Landscape": 1, "What has it learned?": 1}  # st.plotly_chart charts a page draws
LIVE_CHARTS = {"Overview": 1, "Weights": 1, "Outputs": 1, "Loss": 1}  # charts the live view draws


def test_every_page_renders_and_is_captured(page):
    press(page, "+1000", epoch=1000)
    for i in range(1, 10):
        press(page, "+100", epoch=1000 + 100 * i)
    for title in PAGES:
        go(page, title)
        expect(page.locator(".js-plotly-plot, [data-testid='stDataFrame'], [data-testid='stTable'], .katex, "
                            "[data-testid='stProgress'], [data-testid='stForm']").first).to_be_visible()
        # every chart is drawn (plotly marks its div once plotted), not a grey placeholder
        expect(page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")).to_have_count(CHARTS.get(title, 0))
        expect(page.locator(".hl-figure.js-plotly-plot[data-ready='1']")).to_have_count(LIVE_CHARTS.get(title, 0))
        no_exception(page)
        screenshot(page, title.lower().replace(" ", "-").rstrip("?"))


def test_two_learners_train_independently(browser, server):
    one, two = open_page(browser, server.url), open_page(browser, server.url)
    press(one, "+100", epoch=100)
    press(two, "+10", epoch=10)
    press(one, "+1", epoch=101)
    two.reload()
    wait_idle(two)
    expect(live(two, "epoch")).to_have_text("10")  # a reload rebuilds their own run from their URL
    expect(live(one, "epoch")).to_have_text("101")
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
    expect(page.get_by_test_id("stText").filter(has_text=f"{shown}: 0.599888")).to_have_count(1, timeout=15_000)
    wait_idle(page)
    no_exception(page)
    assert page.evaluate("window.injected") is None
    expect(page.locator("[data-testid='stMain'] b", has_text="bold")).to_have_count(0)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1)  # the pushes
    expect(page.get_by_test_id("stTable").locator("td").first).to_have_text(shown)  # everyone scored, as typed


NAV_SEEN = """(() => {
  window.__navSeen = new Set();
  new MutationObserver(() => document.querySelectorAll('[data-testid=stSidebarNav] a')  // each link's words, not its icon
    .forEach(a => window.__navSeen.add((a.querySelector('p') || a).textContent.trim())))
    .observe(document, {subtree: true, childList: true});
})()"""


@pytest.mark.parametrize("path, heading", [("", "Happiness Net Playground"), ("loss", "Loss"),
                                           ("by_hand?epoch=37", "By hand")])
def test_a_fresh_servers_first_visit_shows_the_page_and_never_a_raw_file_menu(browser, path, heading):
    """A fresh server compiles the kernel at its first visit: the page says so, then draws the page asked for,
    and Streamlit's file-name menu (its mode for a pages/ folder) never shows."""
    fresh = Server()
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(NAV_SEEN)
        page = context.new_page()
        page.goto(f"{fresh.url}/{path}")
        wait_idle(page, timeout=60_000)
        no_exception(page)
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        start = 37 if "epoch=37" in path else 0
        expect(live(page, "epoch")).to_have_text(str(start))
        press(page, "+10", epoch=start + 10)
        seen = set(page.evaluate("[...window.__navSeen]"))
        assert seen and seen <= set(PAGES), seen  # only the pages' own titles, from the first paint on
        context.close()
    finally:
        fresh.stop()


def test_every_press_counts_on_a_cold_start(browser, tmp_path):
    """A server whose kernel was never compiled (an empty numba cache): the first visit compiles all of it
    (nn.warm_up, before the bar is drawn), so presses made the moment the bar appears all count."""
    cold = Server(env={"NUMBA_CACHE_DIR": str(tmp_path / "numba")})
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(cold.url)
        bar_button(page, "+1000").wait_for(timeout=120_000)
        for label in ("+1", "+10", "+100", "+1000"):
            bar_button(page, label).evaluate("e => e.click()")  # as fast as the page takes them
        expect(live(page, "epoch")).to_have_text("1,111", timeout=60_000)
        expect(page.locator(".hl-bar[data-answered='1']")).to_have_count(1, timeout=60_000)
        wait_idle(page, timeout=60_000)
        expect(live(page, "epoch")).to_have_text("1,111")
        assert "epoch=1111" in page.url
        no_exception(page)
        context.close()
    finally:
        cold.stop()
