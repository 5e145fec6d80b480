"""What the server sends for a press: the bar and the part of the page that shows the network (ui/live.follows),
not the page's title, words and links, which a press doesn't change; the bar alone, in the press's own run, on
a page that shows nothing a press changes (the Lab, the Challenges); on a page that says neither (the Tour),
the whole main area. A widget in that part that changes the network runs the whole app, so the bar follows.

Spoken at the protocol level (bench/load.py's Learner), which sees every element the server sends.
"""

import asyncio
import json
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from load import Learner  # noqa: E402

pytestmark = pytest.mark.browser


def drawn(learner):
    """What the server sent in the last run: each element's kind, with a heading's text or a component's key."""
    names = []
    for element in learner.drawn:
        kind = element.WhichOneof("type")
        if kind == "heading":
            names.append(f"heading {element.heading.body}")
        elif kind == "bidi_component":
            names.append(f"component {element.bidi_component.id.rsplit('-', 1)[-1]}")
        else:
            names.append(kind)
    return names


def bar_epoch(learner):
    """The epoch in the bar the server sent last."""
    bars = [e for e in learner.drawn if e.WhichOneof("type") == "bidi_component" and e.bidi_component.id.endswith("-live")]
    return json.loads(bars[-1].bidi_component.json)[0]["now"]["epoch"]


def run(scenario):
    # Playwright's sync API keeps an event loop running on this thread, so the scenario gets a thread of its own
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(scenario())).result(timeout=120)


def test_a_press_sends_the_bar_and_the_part_that_shows_the_network_not_the_rest(server):
    async def scenario():
        learner = Learner(server.url)
        await learner.connect()
        whole = drawn(learner)
        await learner.press("train_1")
        overview = drawn(learner)
        await learner.rerun(page=learner.pages["weights"])
        await learner.press("train_10")
        weights = drawn(learner)
        overview_runs = learner.runs
        await learner.rerun(page=learner.pages["lab"])
        await learner.press("train_1")
        lab, lab_runs = drawn(learner), learner.runs
        await learner.rerun(page=learner.pages["challenges"])
        await learner.press("train_1")
        challenges, challenges_runs = drawn(learner), learner.runs
        await learner.rerun(page=learner.pages["tour"])
        await learner.press("train_1")
        tour = drawn(learner)
        await learner.close()
        return whole, overview, weights, lab, tour, learner.epoch, learner.wrong, (overview_runs, lab_runs,
                                                                                  challenges, challenges_runs)

    whole, overview, weights, lab, tour, epoch, wrong, (overview_runs, lab_runs, challenges, challenges_runs) = \
        run(scenario)
    assert "heading Happiness Net Playground" in whole and "page_link" in whole  # the first run draws it all
    assert {"component live", "component overview_people", "component overview_outputs"} <= set(overview)
    assert not [name for name in overview if name.startswith("heading") or name == "page_link"]
    assert "component weights_diagram" in weights and "heading Every weight at epoch 11" in weights
    assert "heading Weights" not in weights
    assert "component live" in lab and not [name for name in lab if name.startswith("heading")]  # the bar alone
    assert "number_input" not in lab and "radio" not in lab
    assert "heading Tour" in tour and "component live" in tour  # the Tour has no such part: its main area
    assert epoch == 14 and wrong == 0
    # the bar alone is the press's own run (the bar's fragment): no second run is asked for; a page with a part
    # that follows takes two, the press's, cut short, then the bar and that part
    assert lab_runs == 1 and challenges_runs == 1 and overview_runs == 2
    assert "component live" in challenges and not [name for name in challenges if name.startswith("heading")]


def test_a_press_that_solves_a_challenge_on_the_challenges_page_shows_it_solved(server):
    """The Challenges page redraws nothing for a press, but a press that solves one runs the whole app."""
    async def scenario():
        learner = Learner(server.url, "bias=1&epoch=0")
        await learner.connect()
        await learner.rerun(page=learner.pages["challenges"])
        for _ in range(10):  # with a bias, Alice's output falls below 0.45 within a few thousand epochs
            await learner.press("train_1000")
            if "heading ✓ Free Alice" in drawn(learner):
                return learner.epoch, drawn(learner), learner.wrong
        return learner.epoch, None, learner.wrong

    epoch, sent, wrong = run(scenario)
    assert sent is not None, f"Free Alice was not shown solved by epoch {epoch:,}"
    assert "heading Challenges" in sent and "component live" in sent and wrong == 0  # the whole app ran


def test_a_widget_in_the_part_that_follows_a_press_that_changes_the_network_redraws_the_bar(server):
    """Outputs' "Turn the bias on" is in the part a press redraws. Its question reruns that part alone; its Yes
    restarts the network, so the whole app runs and the bar shows the new network."""
    async def scenario():
        learner = Learner(server.url, "hidden=1&bias=0&epoch=0")
        await learner.connect()
        await learner.rerun(page=learner.pages["outputs"])
        for _ in range(3):
            await learner.press("train_1000")
        before = learner.epoch
        if "outputs_bias" not in learner.buttons:
            return before, None, None, None
        await learner.press("outputs_bias")  # it asks first: 3,000 epochs would be lost
        asked = drawn(learner)
        await learner.press("outputs_bias_confirm")
        await learner.close()
        return before, asked, bar_epoch(learner), drawn(learner)

    before, asked, after, sent = run(scenario)
    assert before == 3000
    assert asked is not None, "Outputs offered no bias button at epoch 3,000"
    assert "button" in asked and "heading Outputs" not in asked and "component live" not in asked
    assert after == 0 and "heading Outputs" in sent  # the whole app ran: the bar shows the new network
