"""The live view in a real browser: Play paints the kernel's own numbers, Pause keeps what was on screen, and
the bar and every message stay in view at every size."""

import json
import re
import urllib.parse

import pytest
from helpers import trained
from playwright.sync_api import expect

from nn import Network

from .conftest import bar_button, live, open_page, press, wait_idle, watch
from .test_learner_path import go, no_exception

pytestmark = pytest.mark.browser

SAMPLE_PAIRS = """ms => new Promise(done => {
  const epoch = document.querySelector('[data-live=epoch]'), loss = document.querySelector('[data-live=loss]');
  const seen = new Map(), t0 = performance.now();
  const look = t => {
    seen.set(epoch.textContent, loss.textContent);
    if (t - t0 < ms) requestAnimationFrame(look); else done([...seen]);
  };
  requestAnimationFrame(look);
})"""

# Pause from inside the page: what the bar shows, and the address, in the very frame of the click
PAUSE_AND_READ = """() => {
  document.querySelector('.hl-play').click();
  return [document.querySelector('[data-live=epoch]').textContent, window.location.search];
}"""


def kernel_losses(last):
    """The series' network's loss at every epoch 0..last, as the kernel computes it."""
    net = Network()
    net.train(last)
    return net.history.loss


def number(text):
    return int(text.replace(",", ""))


def test_every_epoch_and_loss_painted_during_play_is_the_kernels(page):
    press(page, "▶ Play")
    pairs = page.evaluate(SAMPLE_PAIRS, 3000)
    press(page, "❚❚ Pause")
    epochs = [number(e) for e, _ in pairs]
    losses = kernel_losses(max(epochs))
    assert len(pairs) > 20  # it moved
    for (e, shown), epoch in zip(pairs, epochs, strict=True):
        assert abs(float(shown) - losses[epoch]) <= 1e-6 and shown == f"{losses[epoch]:.6f}", (e, shown)


def test_pause_stops_on_the_epoch_on_screen_and_the_server_and_address_agree(page):
    press(page, "▶ Play")
    expect(live(page, "epoch")).not_to_have_text("0", timeout=15_000)
    watch(page, 500)
    shown, search = page.evaluate(PAUSE_AND_READ)
    assert urllib.parse.parse_qs(search.lstrip("?"))["epoch"] == [str(number(shown))]
    wait_idle(page)
    assert set(watch(page, 800)) == {shown}
    epoch = number(shown)
    expect(page).to_have_url(re.compile(rf"epoch={epoch}&fp="))  # the server's own address for its network
    press(page, "+1", epoch + 1)  # the server trains on from the very epoch the learner saw
    net = Network()
    net.train(epoch + 1)
    expect(live(page, "loss")).to_have_text(f"{net.loss:.6f}")


def test_switching_page_during_play_keeps_playing_and_the_loss_chart_grows(page):
    press(page, "▶ Play")
    expect(live(page, "epoch")).not_to_have_text("0", timeout=15_000)
    go(page, "Loss")
    expect(page.locator(".hl-figure[data-ready='1']")).to_have_count(1, timeout=15_000)
    seen = watch(page, 1000)
    assert len(set(seen)) > 10 and number(seen[-1]) > number(seen[0])  # Play went on across the switch
    expect(bar_button(page, "❚❚ Pause")).to_be_visible()
    points = page.evaluate("() => { const d = document.querySelector('.hl-figure.js-plotly-plot').data; "
                           "return d.find(t => t.name === 'this run').x.length; }")
    assert points > 10
    shown, _ = page.evaluate(PAUSE_AND_READ)
    wait_idle(page)
    expect(page.get_by_role("heading", level=1, name="Loss")).to_be_visible()
    expect(live(page, "epoch")).to_have_text(shown)
    no_exception(page)


def test_reset_during_play_stops_at_epoch_0(page):
    press(page, "▶ Play")
    expect(live(page, "epoch")).not_to_have_text("0", timeout=15_000)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="↺ Reset to epoch 0").click()
    expect(sidebar.get_by_text("Reset throws away")).to_be_visible(timeout=15_000)
    sidebar.get_by_role("button", name="Yes, reset").click()
    expect(live(page, "epoch")).to_have_text("0", timeout=15_000)
    expect(bar_button(page, "▶ Play")).to_be_visible()
    wait_idle(page)
    assert set(watch(page, 800)) == {"0"}


def test_a_train_button_during_play_jumps_from_the_epoch_shown_and_play_goes_on(page):
    press(page, "▶ Play")
    expect(live(page, "epoch")).not_to_have_text("0", timeout=15_000)
    before = number(live(page, "epoch").inner_text())
    bar_button(page, "+1000").click()
    expect(live(page, "epoch")).to_have_text(re.compile(r"^1,\d{3}$"), timeout=15_000)
    assert number(live(page, "epoch").inner_text()) >= before + 1000
    seen = watch(page, 800)
    assert number(seen[-1]) > number(seen[0])  # still playing
    press(page, "❚❚ Pause")


def test_a_faster_speed_jumps_more_epochs_a_frame(page):
    page.locator(".hl-speed select").select_option("10000")
    wait_idle(page)
    press(page, "▶ Play")
    expect(live(page, "epoch")).not_to_have_text("0", timeout=15_000)
    seen = [number(e) for e in watch(page, 1000)]
    assert seen[-1] - seen[0] > 2000
    press(page, "❚❚ Pause")


def test_play_and_pause_from_the_keyboard(page):
    bar_button(page, "▶ Play").focus()
    page.keyboard.press("Enter")
    expect(live(page, "epoch")).not_to_have_text("0", timeout=15_000)
    page.keyboard.press("Enter")
    expect(bar_button(page, "▶ Play")).to_be_focused()


SIZES = {"phone 360x740": ((360, 740), 1), "split screen 700x900": ((700, 900), 1),
         "projector 1920x1080 at 150%": ((1280, 720), 1.5), "desktop 1920x1080": ((1920, 1080), 1),
         "large 2560x1440": ((2560, 1440), 1)}


def set_sidebar(page, open_):
    """Open or collapse the sidebar with Streamlit's own buttons."""
    sidebar = page.get_by_test_id("stSidebar")
    is_open = sidebar.get_attribute("data-collapsed") == "false"
    if is_open and not open_:
        sidebar.hover()
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    elif open_ and not is_open:
        page.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false" if open_ else "true")


@pytest.mark.parametrize("scale", sorted({scale for _, scale in SIZES.values()}), ids="scale {}".format)
def test_the_controls_stay_in_view_at_the_pages_foot(browser, server, scale):
    """At every size (one page per screen scale, resized), sidebar open and closed, at the top and the foot."""
    sizes = {name: size for name, (size, s) in SIZES.items() if s == scale}
    width, height = next(iter(sizes.values()))
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page = context.new_page()
    page.goto(f"{server.url}/weights?epoch=1900")
    wait_idle(page)
    for size, (width, height) in sizes.items():
        page.set_viewport_size({"width": width, "height": height})
        for sidebar in ("open", "closed"):
            set_sidebar(page, sidebar == "open")
            main = page.get_by_test_id("stMain")
            for where in ("top", "foot"):
                main.evaluate("(e, foot) => e.scrollTo(0, foot ? e.scrollHeight : 0)", where == "foot")
                for thing in (bar_button(page, "+1"), bar_button(page, "▶ Play"), live(page, "epoch"),
                              live(page, "loss")):
                    expect(thing).to_be_in_viewport(ratio=1)
                    box = thing.bounding_box()
                    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (size, sidebar, where)
    context.close()


def in_view(page, locator):
    expect(locator).to_be_visible(timeout=15_000)  # as the other waits: a loaded machine is slower
    expect(locator).to_be_in_viewport(ratio=1)


def said(page, text):
    """The one message that holds text: said once, beside what caused it (no toast repeats it)."""
    expect(page.get_by_test_id("stToast")).to_have_count(0)
    message = page.get_by_test_id("stAlert").filter(has_text=text)
    expect(message).to_have_count(1, timeout=15_000)
    return message


@pytest.mark.parametrize("size", [(1400, 1000), (1920, 1080), (390, 844)])
def test_a_refused_epochs_value_is_said_in_view(browser, server, size):
    page = open_page(browser, server.url, "weights?epoch=100")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    if size[0] < 768:
        page.get_by_test_id("stExpandSidebarButton").click()
    box = page.get_by_role("textbox", name="Epochs to train")
    expect(box).to_be_in_viewport(ratio=1)  # the drawer has finished opening
    box.fill("abc")
    box.press("Enter")  # Enter trains (or says what to type), as the Train button does
    in_view(page, said(page, "is not a whole number"))
    expect(live(page, "epoch")).to_have_text("100")
    page.context.close()


def test_a_refused_and_a_loaded_file_are_said_in_view(page, tmp_path):
    from nn import runfile

    def load(name, text):
        path = tmp_path / name
        path.write_text(text)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))

    go(page, "Lab")
    page.get_by_test_id("stFileUploaderDropzone").scroll_into_view_if_needed()  # where a learner is, to pick it
    load("bad.json", '{"format": "happiness-net-run", "loss": NaN}')
    in_view(page, said(page, "That file was not loaded"))
    expect(live(page, "epoch")).to_have_text("0")
    # over a run file's 5 MB, and over the server's 25 MB: refused in words too, not by a red chip alone
    for megabytes in (6, 30):
        load(f"big{megabytes}.json", " " * (megabytes * 2**20))
        in_view(page, said(page, f"the file is {megabytes}.0 MB, over the 5 MB a run file can be"))
        expect(page.get_by_test_id("stFileUploaderFile")).to_have_count(0)  # no refused file piles up as a chip
        expect(live(page, "epoch")).to_have_text("0")
    # dropped on the box rather than picked: the same
    page.get_by_test_id("stFileUploaderDropzone").evaluate("""(zone) => {
      const files = new DataTransfer();
      files.items.add(new File([new Uint8Array(40 * 2 ** 20)], "dropped.json", { type: "application/json" }));
      for (const type of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: files }));
      }
    }""")
    in_view(page, said(page, "the file is 40.0 MB, over the 5 MB a run file can be"))
    expect(page.get_by_test_id("stFileUploaderFile")).to_have_count(0)
    expect(live(page, "epoch")).to_have_text("0")
    load("good.json", runfile.to_json(trained(1900)))
    in_view(page, said(page, "Loaded a run at epoch 1,900"))
    expect(live(page, "epoch")).to_have_text("1,900")
    # another file would throw the 1,900 epochs away: it asks first, in view, and Yes loads it
    load("other.json", runfile.to_json(trained(7)))
    in_view(page, said(page, "Loading this file throws away the 1,900 epochs trained so far"))
    expect(live(page, "epoch")).to_have_text("1,900")
    page.get_by_role("button", name="Yes, load it").click()
    in_view(page, said(page, "Loaded a run at epoch 7"))
    expect(live(page, "epoch")).to_have_text("7")


def overlaps(a, b):
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def test_a_refused_rate_is_said_once_under_its_box_covering_nothing_and_a_good_one_replaces_it(page):
    go(page, "Lab")
    box = page.get_by_role("spinbutton", name="Learning rate")
    box.fill("0.0000001")
    box.press("Enter")
    refusal = said(page, "That learning rate can't be used")
    in_view(page, refusal)
    under, at = box.bounding_box(), refusal.bounding_box()
    assert 0 <= at["y"] - (under["y"] + under["height"]) < 120, (under, at)  # right under the box it is about
    for number in ("epoch", "loss"):  # nothing covers the bar's numbers
        assert not overlaps(live(page, number).bounding_box(), at)
    box.fill("2.5")
    box.press("Enter")
    in_view(page, said(page, "Learning rate 2.5 from epoch 0 on."))
    expect(page.get_by_test_id("stAlert").filter(has_text="can't be used")).to_have_count(0)


def test_a_link_problem_is_said_in_view(browser, server):
    page = open_page(browser, server.url, "loss?epoch=abc")
    in_view(page, said(page, "epoch"))
    page.context.close()


def test_the_page_loads_nothing_from_outside_the_server(browser, server):
    context = browser.new_context()
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((server.url, "data:", "blob:")) else None)
    page.goto(f"{server.url}/loss?epoch=1900")
    wait_idle(page)
    expect(page.locator(".hl-figure[data-ready='1']")).to_have_count(1, timeout=15_000)
    assert outside == []
    context.close()


def test_the_live_view_keeps_a_bad_name_as_text(browser, server):
    people = [["<img src=x onerror=window.bad=1>", 0.4, 0.8, 0.4, 0.3, 1.0], ["Bob", 1.0, 0.2, 0.4, 0.3, 0.85]]
    raw = json.dumps(people, separators=(",", ":")).encode()
    import base64
    link = "outputs?epoch=5&people=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")
    page = open_page(browser, server.url, link)
    expect(page.locator(".hl-figure[data-ready='1']")).to_have_count(1, timeout=15_000)
    press(page, "▶ Play")
    watch(page, 500)
    press(page, "❚❚ Pause")
    assert page.evaluate("window.bad") is None
    page.context.close()


def test_presenter_mode_shows_the_chart_the_epoch_and_the_controls_at_once_on_a_projector(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, device_scale_factor=1.5)
    page = context.new_page()
    page.goto(f"{server.url}/loss?epoch=1900&present=1")
    wait_idle(page)
    chart = page.locator(".hl-figure.js-plotly-plot[data-ready='1']")
    expect(chart).to_have_count(1)
    expect(page.get_by_test_id("stExpander")).to_be_hidden()  # the explanations are folded away
    chart.scroll_into_view_if_needed()
    for thing in (chart, bar_button(page, "▶ Play"), bar_button(page, "+1"), live(page, "epoch"), live(page, "loss")):
        expect(thing).to_be_in_viewport(ratio=1)
    bar = page.locator(".hl-bar").bounding_box()
    assert chart.bounding_box()["y"] >= bar["y"] + bar["height"] - 1  # not hidden under the bar
    context.close()


def test_a_tour_step_shows_its_chart_beside_next(page):
    go(page, "Tour")
    for number in range(2, 7):  # to step 6: "watch the bars begin to separate"
        page.get_by_role("button", name="Next →").click()
        expect(page.get_by_text(f"Step {number} of")).to_be_visible()
        wait_idle(page)
    expect(page.get_by_role("heading", name="The computer takes over: 100 epochs")).to_be_visible()
    chart = page.locator(".hl-figure.js-plotly-plot[data-ready='1']")
    expect(chart).to_have_count(1)
    for thing in (chart, page.get_by_role("button", name="Next →"), bar_button(page, "+100")):
        expect(thing).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("path", ["", "outputs", "lab"])
def test_a_press_redraws_the_page_below_the_bar(browser, server, path):
    """The bar shows a press's epoch at once; then the page redraws, and the address follows."""
    page = open_page(browser, server.url, path)
    press(page, "+1000", 1000)
    expect(page).to_have_url(re.compile(r"epoch=1000&fp="))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    if path == "":
        expect(page.locator(".hl-table")).to_contain_text("Alejandra0.40.80.40.310.930755")  # her output at 1,000
    elif path == "outputs":
        expect(page.get_by_test_id("stText").first).to_contain_text("output 0.9")
    press(page, "+1", 1001)
    expect(page).to_have_url(re.compile(r"epoch=1001&fp="))
    no_exception(page)
    page.context.close()


@pytest.mark.parametrize("title", ["Loss", "Overview"])
def test_presses_still_waiting_their_turn_when_a_page_link_is_clicked_each_count_once(page, title):
    """Presses go to the server one at a time. A page link clicked while some still wait opens that page, and
    every press counts once: a press whose run the page switch cut short is sent again (ui/live.js)."""
    if title == "Overview":
        go(page, "Weights")
    presses = ["+1000", "+1", "+10", "+100", "+1", "+1000", "+10", "+1"]
    for label in presses:
        bar_button(page, label).evaluate("e => e.click()")  # as fast as the page takes them
    go(page, title)
    expect(page.locator(".hl-bar[data-answered='1']")).to_have_count(1, timeout=30_000)
    wait_idle(page)
    expect(live(page, "epoch")).to_have_text(f"{sum(int(p[1:]) for p in presses):,}")
    no_exception(page)


QUICK_PRESSES = """labels => labels.map(label => {
  [...document.querySelectorAll('.hl-bar button')].find(b => b.textContent === label).click();
  const H = window.__happinessLive;  // what the bar painted in the very task of the click
  return [document.querySelector('[data-live=epoch]').textContent, H.now.loss, H.now.params, H.now.outputs];
})"""


def test_quick_presses_each_paint_the_kernels_epoch_at_once(page):
    """Each of several presses made before the server answers any paints its epoch in the task of its click,
    trained by the browser's kernel (ui/kernel.js) to the very bits the server then reaches."""
    labels = ["+1000", "+1", "+10", "+100"]
    for label in labels:
        expect(bar_button(page, label)).to_be_enabled()
    wait_idle(page)
    painted = page.evaluate(QUICK_PRESSES, labels)
    epoch = 0
    for label, (text, loss, params, outputs) in zip(labels, painted, strict=True):
        epoch += int(label[1:])
        net = Network()
        net.train(epoch)
        assert (text, loss, params, outputs) == (f"{epoch:,}", net.loss, net.params.tolist(),
                                                 net.output[:, 0].tolist()), label
    expect(page.locator(".hl-bar[data-answered='1']")).to_have_count(1, timeout=30_000)
    wait_idle(page)
    expect(live(page, "epoch")).to_have_text(f"{epoch:,}")
    expect(live(page, "loss")).to_have_text(f"{net.loss:.6f}")
    assert f"fp={net.fingerprint}" in page.url
    no_exception(page)
