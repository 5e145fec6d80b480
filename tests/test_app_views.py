"""AppTest of the Landscape, What has it learned? and Tour pages."""

import re
from pathlib import Path

import pytest
from helpers import APP, bar, live, shown, start_on, switch, trained
from streamlit.testing.v1 import AppTest

from nn import Network
from nn import landscape as scapes
from ui import tour
from ui.session import Session

LANDSCAPE, LEARNED, TOUR = "app_pages/landscape.py", "app_pages/learned.py", "app_pages/tour.py"
SEED = Path(__file__).resolve().parent / "fixtures" / "handwriting-a-neural-net-part-9.txt"  # part 9, as captured


def open_page(page, net=None, query=None):
    at = AppTest.from_file(APP, default_timeout=60)
    if net is not None:
        at.session_state["session"] = Session(net)
    if query is not None:  # a link opened in a new tab: its page and address are the session's first run
        at.query_params.update(query)
        start_on(at, page).run()
    else:
        at.run()
        switch(at, page).run()
    assert not at.exception, at.exception
    return at


def epoch(at):
    return live(at)["now"]["epoch"]


def texts(at):
    return shown(" ".join(str(e.value) for e in [*at.markdown, *at.text, *at.caption, *at.info, *at.main.warning]))


# --- Landscape -------------------------------------------------------------------------------
def test_landscape_shows_the_default_pair_the_loss_and_both_steps():
    net = trained(1900)
    at = open_page(LANDSCAPE, net)
    i, j = scapes.default_pair(net.layout)
    assert (at.selectbox(key="scape_across").value, at.selectbox(key="scape_up").value) == (i, j)
    assert len(at.get("plotly_chart")) == 1
    scape = scapes.landscape(net, i, j)
    table = at.table[0].value
    assert list(table["Weight"]) == list(scape.names)
    assert list(table["Series' step"]) == [f"{v:+.6f}" for v in scape.series_step]
    assert list(table["Exact step (downhill)"]) == [f"{v:+.6f}" for v in scape.exact_step]
    assert f"{net.loss:.6f}" in texts(at) and "frozen" in texts(at)


def test_landscape_says_why_when_both_axes_are_one_weight():
    at = open_page(LANDSCAPE)
    at.selectbox(key="scape_up").set_value(at.selectbox(key="scape_across").value).run()
    assert not at.exception and not at.get("plotly_chart")
    assert "Pick two different weights" in texts(at)


def test_landscape_follows_training_and_keeps_the_choice_across_pages():
    at = open_page(LANDSCAPE)
    at.selectbox(key="scape_across").set_value(0).run()
    at.segmented_control(key="scape_view").set_value("The whole path").run()
    bar(at, do="train", n=100)
    assert epoch(at) == 100
    net = at.session_state["session"].net
    assert list(at.table[0].value["Now"]) == [f"{v:.6f}" for v in net.params[[0, scapes.default_pair(net.layout)[1]]]]
    switch(at, "app_pages/weights.py").run()
    switch(at, LANDSCAPE).run()
    assert at.selectbox(key="scape_across").value == 0
    assert at.segmented_control(key="scape_view").value == "The whole path"


@pytest.mark.parametrize("options", [{"hidden": 8, "bias": True, "activation": "relu"}, {"hidden": 3, "rule": "exact"}])
def test_landscape_works_for_every_shape(options):
    net = Network(**options)
    net.train(50)
    at = open_page(LANDSCAPE, net)
    names = net.layout.names()
    assert at.selectbox(key="scape_across").options == names
    at.selectbox(key="scape_up").set_value(len(names) - 1).run()
    assert not at.exception and len(at.get("plotly_chart")) == 1


def test_a_weight_of_a_wider_network_is_forgotten_when_the_network_narrows():
    at = open_page(LANDSCAPE, Network(hidden=8, bias=True))
    at.selectbox(key="scape_across").set_value(40).run()
    at.session_state["session"].net = Network()
    at.run()
    assert not at.exception and at.selectbox(key="scape_across").value == scapes.default_pair(Network().layout)[0]


# --- What has it learned? ----------------------------------------------------------------------
def test_learned_shows_the_map_held_at_james_with_the_people_on_it():
    at = open_page(LEARNED, trained(1900))
    assert [at.selectbox(key=k).value for k in ("learned_across", "learned_up", "learned_held")] == [0, 1, 0]
    figure = at.get("plotly_chart")[0].proto.spec
    assert "Alejandra" in figure and "James" in figure and "held at James" in figure
    assert "Sandwiches and Baseline are held at James's scores (0.4 and 0.3)." in texts(at)


def test_learned_says_why_when_both_axes_are_one_score():
    at = open_page(LEARNED)
    at.selectbox(key="learned_up").set_value(0).run()
    assert not at.get("plotly_chart") and "Pick two different scores" in texts(at)


def test_a_person_scored_on_the_score_page_is_on_the_map_and_can_hold_it():
    at = open_page("app_pages/score.py", trained(1900))
    at.text_input(key="score_name").input("Zed")
    at.text_input(key="score_Money").set_value("0.77")
    at.button(key="FormSubmitter:score_form-Score").click().run()
    assert at.session_state["session"].scored == [("Zed", (0.77, 1.0, 0.4, 0.3))]
    switch(at, LEARNED).run()
    spec = at.get("plotly_chart")[0].proto.spec
    assert "Zed" in spec and "0.77" in spec
    held = at.selectbox(key="learned_held")
    assert "Zed's" in held.options
    held.set_value(held.options.index("Zed's")).run()  # Sandwiches and Baseline held at Zed's
    assert not at.exception and "held at Zed" in at.get("plotly_chart")[0].proto.spec
    assert "held at Zed's scores" in texts(at)


# --- Tour ------------------------------------------------------------------------------------------
def step_number(at):
    return int(at.get("progress")[0].proto.text.split()[1])


def test_the_tour_walks_every_step_putting_the_network_at_its_epoch():
    at = open_page(TOUR)
    assert step_number(at) == 1 and epoch(at) == 0
    for number in range(2, len(tour.STEPS) + 1):
        at.button(key="tour_next").click().run()
        step = tour.STEPS[number - 1]
        assert not at.exception and step_number(at) == number
        net = at.session_state["session"].net
        assert epoch(at) == step.epoch and net.fingerprint == tour.reference(step.epoch).fingerprint
        assert at.query_params["step"] in (str(number), [str(number)])
        assert step.look(tour.reference(step.epoch)) in [t.value for t in at.text]
    assert at.button(key="tour_next").disabled
    at.button(key="tour_back").click().run()
    assert step_number(at) == len(tour.STEPS) - 1


def test_a_link_to_a_step_opens_it_with_the_network_at_its_epoch():
    at = open_page(TOUR, query={"step": "9"})
    assert step_number(at) == 9 and epoch(at) == 1900


def test_a_link_to_a_step_with_a_run_keeps_the_run():
    at = open_page(TOUR, query={"step": "9", "epoch": "25"})
    assert step_number(at) == 9 and epoch(at) == 25
    assert any("Put the series' network at epoch 1,900" in b.label for b in at.button)


@pytest.mark.parametrize("bad", ["abc", "0", "99", "-1", "9" * 40])
def test_a_link_to_no_step_says_so_and_starts_the_tour(bad):
    at = open_page(TOUR, query={"step": bad})
    assert step_number(at) == 1 and not at.exception
    assert "is not one of the tour's steps" in texts(at)


def test_leaving_the_tour_keeps_the_network_and_coming_back_keeps_the_step():
    at = open_page(TOUR)
    for _ in range(4):
        at.button(key="tour_next").click().run()
    bar(at, do="train", n=1)
    assert epoch(at) == 1 and not at.exception
    assert any("Put the series' network at epoch 0" in b.label for b in at.button)  # the step's own place
    switch(at, "app_pages/weights.py").run()
    assert epoch(at) == 1 and "step" not in at.query_params
    switch(at, TOUR).run()
    assert step_number(at) == 5 and epoch(at) == 1


def test_the_tour_from_the_menu_keeps_a_run_under_way_until_asked():
    at = open_page(TOUR, trained(1900))
    assert step_number(at) == 1 and epoch(at) == 1900
    at.button(key="tour_place").click().run()
    assert epoch(at) == 0


def test_every_quotation_in_the_tour_is_part_9s_own_words():
    seed = SEED.read_text(encoding="utf-8")
    quotes = [s.quote for s in tour.STEPS if s.quote]
    assert len(quotes) >= 6
    for quote in quotes:
        assert quote in seed, quote


def test_the_tour_promises_the_series_numbers():
    """The numbers the steps state, against the series: its hand arithmetic at epoch 0 and part 9's results."""
    first = {s.title: s for s in tour.STEPS}
    feed = first["Feedforward: from scores to a guess"]
    assert "= 1.3" in feed.look(tour.reference(0)) and "0.7858 is layer1" in feed.look(tour.reference(0))
    assert "her output, 0.5970" in feed.look(tour.reference(0))
    done = first["1,900 epochs: the best it can do"].look(tour.reference(1900))
    assert "Alejandra 0.931, Bob 0.831, Alice 0.500" in done
    assert "score of 0.954" in first["Scoring James in an instant"].look(tour.reference(1900))


# --- choices kept across pages (#11, defect 10) -------------------------------------------------
@pytest.mark.parametrize("page, key, value", [
    ("app_pages/loss.py", "loss_log", True), ("app_pages/loss.py", "loss_view", "Replay"),
    ("app_pages/by_hand.py", "by_hand_person", 2), (LEARNED, "learned_held", 2)])
def test_a_choice_is_kept_after_a_trip_to_another_page(page, key, value):
    at = open_page(page, trained(100))
    widget = next(w for w in [*at.toggle, *at.segmented_control, *at.selectbox] if w.key == key)
    widget.set_value(value).run()
    switch(at, "app_pages/weights.py").run()
    bar(at, do="train", n=1)
    switch(at, page).run()
    assert not at.exception
    assert next(w for w in [*at.toggle, *at.segmented_control, *at.selectbox] if w.key == key).value == value


def test_the_last_step_says_the_lab_has_no_second_layer_when_it_quotes_more_layers():
    step = tour.STEPS[-1]
    assert step.quote == "You could add more layers."
    assert "no second hidden layer" in step.teaches and "wider" in step.teaches


def test_a_tour_reference_is_a_copy_no_session_can_change():
    one = tour.reference(100)
    one.train(50)
    assert tour.reference(100).epoch == 100 and tour.reference(100) is not tour.reference(100)


# --- Weights -----------------------------------------------------------------------------------
def test_the_weights_table_writes_every_value_and_change_in_one_format():
    at = open_page("app_pages/weights.py", trained(1900))
    bar(at, do="train", n=1)  # small changes (about 1e-5) and, below, large ones
    bar(at, do="train", n=1000)
    table = at.table[0].value
    change = next(c for c in table.columns if c.startswith("Change since epoch"))
    assert change == "Change since epoch 1,901"
    assert all(re.fullmatch(r"-?\d+\.\d{6}", v) for v in table["Value"]), list(table["Value"])
    assert all(re.fullmatch(r"[+-]\d+\.\d{6}", v) for v in table[change]), list(table[change])


@pytest.mark.parametrize("page, words", [
    ("app_pages/weights.py", "Every weight at epoch 1,900"),
    ("app_pages/outputs.py", "Errors at epoch 1,900"),
    ("app_pages/landscape.py", "At epoch 1,900, the loss is"),
    ("app_pages/score.py", "Scored with the weights at epoch 1,900"),
    ("app_pages/by_hand.py", "Epoch 1,900 → 1,901"),
])
def test_numbers_that_stay_still_during_play_name_their_epoch(page, words):
    """Play moves the live parts only; every table beside them says which epoch it shows (Overview's moves)."""
    at = open_page(page, trained(1900))
    if page.endswith("score.py"):
        at.button(key="FormSubmitter:score_form-Score").click().run()
    shown_text = " ".join(str(e.value) for e in [*at.subheader, *at.caption])
    assert words in shown_text, shown_text
