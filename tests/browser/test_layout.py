"""What the learner sees fits: nothing on a chart overlaps or is cut off (#11)."""

import pytest
from playwright.sync_api import expect

from .conftest import open_page, settled, wait_idle

pytestmark = pytest.mark.browser


def boxes(locator):
    return [b for b in (e.bounding_box() for e in locator.all()) if b]


def overlap(a, b):
    return (a["x"] < b["x"] + b["width"] - 1 and b["x"] < a["x"] + a["width"] - 1
            and a["y"] < b["y"] + b["height"] - 1 and b["y"] < a["y"] + a["height"] - 1)


def inside(a, b):
    return (a["x"] >= b["x"] - 1 and a["y"] >= b["y"] - 1 and a["x"] + a["width"] <= b["x"] + b["width"] + 1
            and a["y"] + a["height"] <= b["y"] + b["height"] + 1)


@pytest.mark.parametrize("link", ["loss?epoch=1000000", "loss?epoch=1900&hidden=2"])
def test_replay_buttons_and_weight_labels_fit(browser, server, link):
    page = open_page(browser, server.url, link)
    page.get_by_role("radio", name="Replay", exact=True).click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Exact numbers at epoch")).to_be_visible()
    chart = page.get_by_test_id("stPlotlyChart").locator(".js-plotly-plot")
    expect(chart.locator(".updatemenu-button")).to_have_count(2)
    settled(chart)
    chart.scroll_into_view_if_needed()
    frame = chart.bounding_box()
    buttons = boxes(chart.locator(".updatemenu-button"))
    assert len(buttons) == 2
    plots = boxes(chart.locator(".nsewdrag"))  # each subplot's drawing area
    title = boxes(chart.locator(".gtitle"))
    labels = boxes(chart.locator(".xaxislayer-above .x3tick text"))
    assert len(labels) >= 5
    for button in buttons:
        assert inside(button, frame) and not any(overlap(button, other) for other in plots + title + labels)
    for i, label in enumerate(labels):
        assert inside(label, frame), "a weight's label is cut off"
        assert not any(overlap(label, other) for other in labels[i + 1:]), "two weights' labels overlap"
    assert page.get_by_role("slider", name="Epoch").count() == 1  # one slider, for the chart and the numbers
    page.context.close()


@pytest.mark.parametrize("hidden", [2, 8])  # width 2 labels every edge, as width 1 does, with more of them
def test_the_diagrams_labels_never_pile_up_or_sit_on_a_neuron(browser, server, hidden):
    page = open_page(browser, server.url, f"weights?epoch=1900&hidden={hidden}&bias=1&activation=relu&seed=5")
    chart = page.locator(".hl-figure.js-plotly-plot[data-ready='1']")  # the live diagram
    expect(chart.locator(".scatterlayer .trace")).not_to_have_count(0)
    expect(chart.locator(".annotation")).to_have_count((5 * hidden if hidden <= 2 else 0) + hidden)
    chart.scroll_into_view_if_needed()
    labels = boxes(chart.locator(".annotation .bg"))  # each label's box, its background included
    neurons = boxes(chart.locator(".scatterlayer .trace").last.locator("path.point"))
    assert len(neurons) == 4 + hidden + 1
    for i, label in enumerate(labels):
        assert not any(overlap(label, other) for other in labels[i + 1:]), "two labels overlap"
        assert not any(overlap(label, neuron) for neuron in neurons), ("a label sits on a neuron", label, neurons)
    page.context.close()


def test_no_truth_marker_crosses_an_outputs_value(browser, server):
    page = open_page(browser, server.url, "outputs?epoch=1900")
    chart = page.locator(".hl-figure.js-plotly-plot[data-ready='1']").first  # the live outputs chart
    expect(chart.locator(".annotation")).to_have_count(3)
    chart.scroll_into_view_if_needed()
    values = boxes(chart.locator(".annotation"))
    marks = boxes(chart.locator(".scatterlayer .trace").last.locator("path.point"))  # the truth markers
    bars = boxes(chart.locator(".barlayer path"))
    assert len(values) == 3 and len(marks) == 3 and len(bars) == 3
    for value in values:
        assert not any(overlap(value, other) for other in marks + bars), "a value is crossed"
    assert [e.text_content() for e in chart.locator(".annotation").all()] == ["output 0.931", "output 0.831", "output 0.500"]
    page.context.close()


def test_the_replay_at_epoch_0_has_no_negative_loss_and_nothing_to_play(browser, server):
    page = open_page(browser, server.url, "loss")
    page.get_by_role("radio", name="Replay", exact=True).click()
    wait_idle(page)
    chart = page.get_by_test_id("stPlotlyChart").locator(".js-plotly-plot")
    expect(chart.locator(".ytick text").first).to_be_visible(timeout=15_000)  # plotly's chunk loads on first use
    ticks = [float(t.text_content().replace("−", "-"))
             for t in chart.locator(".yaxislayer-above").first.locator(".ytick text").all()]
    assert ticks and min(ticks) >= 0, ticks
    assert chart.locator(".updatemenu-button").count() == 0  # no Replay, no Pause: there is nothing to play
    page.context.close()


def test_the_bars_buttons_stay_on_one_row(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(f"{server.url}/?epoch=1000000")  # the widest epoch there is
    wait_idle(page)
    expect(page.get_by_test_id("stSidebar")).to_be_visible()
    buttons = [page.locator(".hl-bar button", has_text=label).first for label in ("+1", "+10", "+100", "+1000")]
    buttons.append(page.locator(".hl-bar .hl-play"))
    for width in (1280, 1400, 1920):
        page.set_viewport_size({"width": width, "height": 1000})
        expect(page.get_by_test_id("stSidebar")).to_be_visible()
        tops = {round(b.bounding_box()["y"]) for b in buttons}
        assert len(tops) == 1, f"the bar's buttons wrap at {width} px: {tops}"
    context.close()


@pytest.mark.parametrize("hidden", [1, 8])
def test_by_hand_fits_its_column(browser, server, hidden):
    page = open_page(browser, server.url, f"by_hand?epoch=5&hidden={hidden}&bias=1")
    expect(page.locator(".katex-display")).to_have_count(3)
    widths = page.evaluate("() => [...document.querySelectorAll('.katex-display')].map(e => [e.scrollWidth, "
                           "e.closest('[data-testid=stMarkdownContainer], .stLatex, [data-testid=stElementContainer]')"
                           ".clientWidth])")
    assert all(scroll <= room + 2 for scroll, room in widths), widths
    page.context.close()


# what is at each point of the band from the screen's top to the bar's, scrolled: the header, the bar's box
# (its cover), or the main area's bare background, never the page's content
ABOVE_THE_BAR = """() => {
  const bar = document.querySelector('.st-key-live_bar').getBoundingClientRect();
  const seen = [];
  for (let y = 1; y < bar.top; y += 2) {
    for (const x of [bar.left + 5, (bar.left + bar.right) / 2, bar.right - 5]) {
      const e = document.elementFromPoint(x, y);
      const block = e && e.closest('[data-testid=stElementContainer], [data-testid=stForm], [data-testid=stExpander]');
      if (block && !block.closest('[data-testid=stLayoutWrapper]:has(.st-key-live_bar)')) seen.push([x, y, e.className]);
    }
  }
  return seen;
}"""


@pytest.mark.parametrize("size", [(1400, 1000), (390, 844)])
def test_nothing_of_the_page_shows_above_the_bar_and_the_bar_comes_first(browser, server, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(f"{server.url}/lab?epoch=1900")
    wait_idle(page)
    bar = page.locator(".st-key-live_bar")
    assert bar.bounding_box()["y"] + bar.bounding_box()["height"] <= 0.2 * size[1]  # no empty band before it
    for top in range(300, 2400, 137):  # scrolled to many places: the page's content passes under the bar
        page.get_by_test_id("stMain").evaluate("(e, top) => e.scrollTo(0, top)", top)
        assert page.evaluate(ABOVE_THE_BAR) == [], top
    context.close()


def test_presenter_modes_switch_stays_in_view_when_it_is_turned_on(browser, server):
    page = open_page(browser, server.url, "weights")
    page.get_by_test_id("stSidebar").get_by_text("Presenter mode").click()
    wait_idle(page)
    expect(page.locator("html")).to_have_css("font-size", "20px")
    expect(page.get_by_test_id("stSidebar").get_by_text("Presenter mode")).to_be_in_viewport(ratio=1)
    page.context.close()


# Points along every edge of the live diagram, in the page's pixels (plotly's own axes place them).
EDGE_POINTS = """div => {
  const xa = div._fullLayout.xaxis, ya = div._fullLayout.yaxis, box = div.getBoundingClientRect(), points = [];
  for (const t of div.data.filter(t => t.mode === "lines")) {
    for (let f = 0.02; f < 0.98; f += 0.02) {
      const x = t.x[0] + f * (t.x[1] - t.x[0]), y = t.y[0] + f * (t.y[1] - t.y[0]);
      points.push([box.x + xa._offset + xa.l2p(x), box.y + ya._offset + ya.l2p(y)]);
    }
  }
  return points;
}"""


@pytest.mark.parametrize("size", [(1400, 1000), (390, 844)])
@pytest.mark.parametrize("link", ["weights?epoch=1900", "weights?epoch=1900&hidden=2&bias=1&activation=relu&seed=5"])
def test_a_hidden_neurons_name_sits_on_no_edge(browser, server, size, link):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(f"{server.url}/{link}")
    wait_idle(page)
    chart = page.locator(".hl-figure.js-plotly-plot[data-ready='1']")
    expect(chart.locator(".scatterlayer .trace")).not_to_have_count(0)
    chart.scroll_into_view_if_needed()
    settled(chart)
    points = chart.evaluate(EDGE_POINTS)
    names = [a for a in chart.locator(".annotation").all() if a.text_content().startswith("hidden")]
    assert names
    for name in names:
        b = name.locator(".bg").bounding_box()
        on = [p for p in points if b["x"] <= p[0] <= b["x"] + b["width"] and b["y"] <= p[1] <= b["y"] + b["height"]]
        assert not on, (name.text_content(), b, on[:3])
    context.close()
