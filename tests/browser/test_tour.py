"""The guided tour in a real browser: every step, in order, with the numbers it promises and the pages it points at."""

import math
import re

import pytest
from playwright.sync_api import expect

from ui import tour

from .conftest import live, open_page, press, wait_idle
from .test_learner_path import go, no_exception

pytestmark = pytest.mark.browser


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


# The series' hand arithmetic at epoch 0, worked here on its own (not by the playground's code).
ALEJANDRA = (0.4, 0.8, 0.4, 0.3)
LAYER1 = sigmoid(0.4 * 0.25 + 0.8 * 1.0 + 0.4 * 0.25 + 0.3 * 1.0)
OUTPUTS0 = [sigmoid(0.5 * sigmoid(sum(x * w for x, w in zip(row, (0.25, 1.0, 0.25, 1.0), strict=True))))
            for row in (ALEJANDRA, (1.0, 0.2, 0.4, 0.3), (0.3, 0.4, 0.5, 0.4))]
TRUTH = (1.0, 0.85, 0.4)
LOSS0 = sum((t - o) ** 2 for t, o in zip(TRUTH, OUTPUTS0, strict=True))
D_WEIGHTS2 = sum(sigmoid(sum(x * w for x, w in zip(row, (0.25, 1.0, 0.25, 1.0), strict=True))) * 2 * (t - o)
                 * sigmoid(o) * (1 - sigmoid(o))
                 for row, t, o in zip((ALEJANDRA, (1.0, 0.2, 0.4, 0.3), (0.3, 0.4, 0.5, 0.4)), TRUTH, OUTPUTS0,
                                      strict=True))

PROMISES = {  # step -> text its Look box must hold
    1: ["Alejandra (0.4, 0.8, 0.4, 0.3) has a happiness of 1.0"],
    2: ["= 1.3", f"sigmoid(1.3) = {LAYER1:.4f} is layer1", f"her output, {OUTPUTS0[0]:.4f}"],
    3: [f"Alejandra {TRUTH[0] - OUTPUTS0[0]:+.4f}", f"the loss is {LOSS0:.6f}"],
    4: [f"d_weights2 is {D_WEIGHTS2:.4f}"],
    5: [f"0.5000 + {D_WEIGHTS2:.4f} = {0.5 + D_WEIGHTS2:.4f}"],
    9: ["Alejandra 0.931, Bob 0.831, Alice 0.500", "part 9's 0.93, 0.83 and 0.5"],
    10: ["happiness score of 0.95"],
    11: ["James sits at 0.95"],
}


def shown(page, text):
    """The page's plain-text elements holding text (the tour's Look and Do boxes are st.text)."""
    return page.get_by_test_id("stText").filter(has_text=text)


def at_step(page, number):
    step = tour.STEPS[number - 1]
    expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step {number} of {len(tour.STEPS)}")
    expect(page.get_by_role("heading", name=step.title)).to_be_visible()
    expect(live(page, "epoch")).to_have_text(f"{step.epoch:,}")
    assert re.search(rf"[?&]step={number}(&|$)", page.url), page.url
    for promise in PROMISES.get(number, []):
        expect(shown(page, promise)).to_have_count(1)
    no_exception(page)


def next_step(page, number):
    page.get_by_role("button", name="Next →").click()
    expect(page.get_by_test_id("stProgress")).to_contain_text(f"Step {number} of")
    wait_idle(page)
    at_step(page, number)


def open_the_page(page, number):
    """Follow the step's link to the page it points at."""
    title = {"by_hand": "By hand", "score": "Score a person", "learned": "What has it learned?"}.get(
        tour.STEPS[number - 1].page, tour.STEPS[number - 1].page.capitalize())
    page.get_by_role("link", name=f"Open {title}").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible(timeout=15_000)
    wait_idle(page)


def back_to_tour(page, number):
    go(page, "Tour")
    at_step(page, number)


def test_following_the_whole_tour(browser, server):
    page = open_page(browser, server.url, "tour")
    at_step(page, 1)
    next_step(page, 2)
    open_the_page(page, 2)  # By hand: Alejandra's output, as the step worked it
    expect(page.locator("annotation[encoding='application/x-tex']").filter(
        has_text=f"{OUTPUTS0[0]:.6f}").first).to_be_attached()
    back_to_tour(page, 2)
    for number in (3, 4, 5):
        next_step(page, number)
    press(page, "+1", epoch=1)  # step 5's task; the step offers to put the network back
    expect(page.get_by_role("button", name="Put the series' network at epoch 0")).to_be_visible()
    open_the_page(page, 5)  # Weights: the diagram labels weights2 with its new value
    expect(page.locator(".annotation-text").filter(has_text=re.compile(rf"^{0.5 + D_WEIGHTS2:.3f}$"))).to_have_count(1)
    go(page, "Tour")
    expect(live(page, "epoch")).to_have_text("1")  # leaving and coming back kept the network
    page.get_by_role("button", name="Next →").click()  # trained on by the learner: Next asks first
    expect(page.get_by_text("Going to step 6 throws away the 1 epoch trained so far")).to_be_visible()
    expect(live(page, "epoch")).to_have_text("1")
    page.get_by_role("button", name="Yes, put the series' network at epoch 100").click()
    expect(page.get_by_test_id("stProgress")).to_contain_text("Step 6 of")
    wait_idle(page)
    at_step(page, 6)
    for number in range(7, 10):
        next_step(page, number)
    open_the_page(page, 9)  # Outputs at 1,900: part 9's numbers
    for name, value in (("Alejandra", "0.931"), ("Bob", "0.831"), ("Alice", "0.500")):
        expect(page.get_by_test_id("stText").filter(has_text=re.compile(rf"{name}\s+output {value}"))).to_have_count(1)
    back_to_tour(page, 9)
    next_step(page, 10)
    open_the_page(page, 10)  # Score a person: James, already filled in
    page.get_by_role("button", name="Score").click()
    expect(page.get_by_test_id("stMetricValue").filter(has_text="0.954")).to_have_count(1)
    back_to_tour(page, 10)
    next_step(page, 11)
    open_the_page(page, 11)
    expect(page.locator("[data-testid='stPlotlyChart'] .js-plotly-plot")).to_have_count(1)
    expect(page.get_by_text("Sandwiches and Baseline are held at James's scores")).to_be_visible()
    back_to_tour(page, 11)
    for number in (12, 13):
        next_step(page, number)
    expect(page.get_by_role("button", name="Next →")).to_be_disabled()
    page.get_by_role("button", name="← Back").click()
    wait_idle(page)
    at_step(page, 12)
    page.context.close()


def test_a_teachers_link_opens_step_9_at_epoch_1900(browser, server):
    page = open_page(browser, server.url, "tour?step=9")
    at_step(page, 9)
    page.context.close()
