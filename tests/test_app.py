"""AppTest: every page, the train controls, the learner's numbers, and per-session state."""

import gc

import numpy as np
import pytest
from helpers import APP, PAGES, bar, live, shown, switch, tex_lines, trained
from streamlit.testing.v1 import AppTest

from nn import JAMES, Network, trace
from ui import pages as ui_pages
from ui.session import Session


def open_app(page=None, net=None):
    at = AppTest.from_file(APP, default_timeout=60)
    if net is not None:
        at.session_state["session"] = Session(net)
    at.run()
    if page:
        switch(at, page).run()
    assert not at.exception, at.exception
    return at


PAGES_WITH_TITLES = ui_pages.PAGES


def epoch(at):
    """The epoch the live bar was given to show."""
    return live(at)["now"]["epoch"]


def press(at, n, times=1):
    for _ in range(times):
        bar(at, do="train", n=n)
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_at_epoch_0(page):
    at = open_app(page)
    assert epoch(at) == 0
    title = next(t for p, t, *_ in PAGES_WITH_TITLES if p == page)
    assert at.title[0].value == ("Happiness Net Playground" if title == "Overview" else title)
    what = [e for e in at.expander if e.label == "What am I looking at?"]
    assert len(what) == 1 and len(what[0].markdown[0].value.split()) >= 30  # a real explanation, in words


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("epochs", [1900, 1_000_000])
def test_every_page_renders_after_training(page, epochs):
    at = open_app(page, trained(epochs))
    assert epoch(at) == epochs
    texts = " ".join(str(e.value) for e in [*at.markdown, *at.text, *at.metric, *at.caption])
    assert "nan" not in texts.lower().split() and "inf" not in texts.lower().split()


def test_buttons_reach_epoch_1900_and_outputs_read_the_series_numbers():
    at = open_app()
    press(at, 1000)
    press(at, 100, times=9)
    assert epoch(at) == 1900
    switch(at, "app_pages/outputs.py").run()
    shown = "\n".join(t.value for t in at.text)
    for name, value in (("Alejandra", "0.931"), ("Bob", "0.831"), ("Alice", "0.500")):
        assert any(line.startswith(name) and f"output {value}" in line for line in shown.splitlines()), shown


def test_the_bar_shows_the_networks_own_numbers():
    at = press(open_app(), 1)
    now, net = live(at)["now"], at.session_state["session"].net
    assert now["epoch"] == 1 and now["loss"] == net.loss and f"{now['loss']:.6f}" == "0.241356"
    assert now["outputs"] == net.output[:, 0].tolist() and now["params"] == net.params.tolist()


@pytest.mark.parametrize("epochs", [1900, 1_000_000])
def test_loss_replay_shows_the_exact_numbers_at_a_picked_epoch(epochs):
    at = open_app("app_pages/loss.py", trained(epochs))
    assert live(at, "loss_curve") and not at.slider  # the live curve
    at.segmented_control(key="loss_view").set_value("Replay").run()
    assert not at.exception
    at.slider(key="loss_pick").set_value(500).run()
    then = trained(500)
    assert any(h.value == "Exact numbers at epoch 500" for h in at.subheader)
    assert any(c.value == f"Loss {then.loss:.6f}" for c in at.caption)
    assert '"x":[500]' in at.get("plotly_chart")[0].proto.spec.replace(" ", "")  # the chart shows the same epoch
    np.testing.assert_allclose(at.dataframe[0].value["Output"], then.output[:, 0], atol=1e-9)
    np.testing.assert_allclose(at.dataframe[1].value["Value"], then.params, atol=1e-9)
    james = f"James, new (no truth), scored with these weights: {then.predict([JAMES[1]])[0]:.6f}."
    assert james in [c.value for c in at.caption]
    at.slider(key="loss_pick").set_value(1900).run()  # the README's James, at 1,900
    assert "James, new (no truth), scored with these weights: 0.954433." in [c.value for c in at.caption]


def test_score_form_scores_james_and_rescores_after_training():
    at = open_app("app_pages/score.py", trained(1900))
    at.button(key="FormSubmitter:score_form-Score").click().run()
    assert not at.exception
    # six decimals, as the series and the README give James at epoch 1,900
    assert next(m for m in at.metric if m.label.startswith("Happiness score")).value == "0.954433"
    table = at.table[-1].value
    assert list(table["Name"]) == ["James"] and list(table["Happiness now"]) == ["0.954433"]
    press(at, 1000)
    assert list(at.table[-1].value["Happiness now"]) != ["0.954433"]


def test_a_score_outside_0_to_1_is_named_and_no_old_result_stays():
    at = open_app("app_pages/score.py", trained(1900))
    at.button(key="FormSubmitter:score_form-Score").click().run()
    at.text_input(key="score_Money").set_value("1.5")
    at.button(key="FormSubmitter:score_form-Score").click().run()
    assert shown(at.error[0].value) == ("That can't be scored: Money 1.5 is outside 0 to 1: scores run from 0 to 1.")
    assert not [m for m in at.metric if m.label.startswith("Happiness score")]
    at.text_input(key="score_Money").set_value("0.123456789")
    at.button(key="FormSubmitter:score_form-Score").click().run()
    assert not at.error
    assert at.session_state["session"].scored[-1][1][0] == 0.123456789  # scored as typed


@pytest.mark.parametrize("typed, problem", [
    ("abc", "Money 'abc' is not a number: type a score from 0 to 1, such as 0.4"),
    ("40", "Money 40 is outside 0 to 1: scores run from 0 to 1 (out of 100, 40 would be 0.4)"),
    ("nan", "Money 'nan' is not a number: type a score from 0 to 1, such as 0.4"),
])
def test_a_score_that_cant_be_read_is_named_and_nothing_is_scored(typed, problem):
    at = open_app("app_pages/score.py", trained(1900))
    at.text_input(key="score_Money").set_value(typed)
    at.text_input(key="score_Baseline").set_value("30")
    at.button(key="FormSubmitter:score_form-Score").click().run()
    assert shown(at.error[0].value) == (f"That can't be scored: {problem}; Baseline 30 is outside 0 to 1: scores run "
                                        "from 0 to 1 (out of 100, 30 would be 0.3).")
    assert not [m for m in at.metric if m.label.startswith("Happiness score")]
    assert at.session_state["session"].scored == []


def test_a_decimal_comma_is_read_as_a_point():
    at = open_app("app_pages/score.py", trained(1900))
    at.text_input(key="score_Money").set_value("0,5")
    at.button(key="FormSubmitter:score_form-Score").click().run()
    assert not at.error and at.session_state["session"].scored[-1][1][0] == 0.5


def test_score_form_reads_the_four_inputs_by_label():
    at = open_app("app_pages/score.py", trained(1900))
    labels = [n.label for n in at.text_input if n.key and n.key.startswith("score_") and n.key != "score_name"]
    assert labels == ["Money", "Relationships", "Sandwiches", "Baseline"]
    at.text_input(key="score_Money").set_value("1")
    at.text_input(key="score_name").set_value("Rich James")
    at.button(key="FormSubmitter:score_form-Score").click().run()
    expected = Network()
    expected.train(1900)
    score = expected.predict([[1.0, 1.0, 0.4, 0.3]])[0]
    assert next(m for m in at.metric if m.label.startswith("Happiness score")).value == f"{score:.6f}"


def test_typed_markup_is_shown_as_typed():
    at = open_app("app_pages/score.py")
    at.text_input(key="score_name").set_value("<b>x</b><script>alert(1)</script>")
    at.button(key="FormSubmitter:score_form-Score").click().run()
    assert not at.exception
    assert any("<b>x</b><script>alert(1)</script>" in t.value for t in at.text)
    assert all("<b>x</b>" not in m.value for m in at.markdown)


def test_reset_asks_first_then_returns_to_the_series_start():
    at = press(open_app(), 1000)
    at.button(key="reset").click().run()
    assert epoch(at) == 1000 and any("throws away the 1,000 epochs" in w.value for w in at.sidebar.warning)
    at.button(key="reset_confirm").click().run()
    assert epoch(at) == 0 and not at.sidebar.warning
    np.testing.assert_array_equal(at.session_state["session"].net.params, Network().params)


def test_keeping_the_run_when_reset_asks_changes_nothing():
    at = press(open_app(), 1000)
    params = at.session_state["session"].net.params
    at.button(key="reset").click().run()
    at.button(key="reset_cancel").click().run()
    assert epoch(at) == 1000 and not at.sidebar.warning
    np.testing.assert_array_equal(at.session_state["session"].net.params, params)


def test_reset_at_epoch_0_has_nothing_to_ask():
    at = open_app()
    at.button(key="reset").click().run()
    assert epoch(at) == 0 and not at.sidebar.warning
    assert "reset_confirm" not in [b.key for b in at.button]


def test_two_sessions_do_not_share_a_network():
    one, two = open_app(), open_app()
    press(one, 100)
    two.run()
    assert epoch(one) == 100 and epoch(two) == 0
    assert one.session_state["session"].net is not two.session_state["session"].net


def test_by_hand_after_values_become_the_weights_after_plus_one():
    at = open_app("app_pages/by_hand.py", trained(37))
    update = [line for e in at.latex for line in tex_lines(e.value) if ": \\;" in line]
    assert len(update) == 5
    after = [float(line.rsplit("=", 1)[1]) for line in update]
    press(at, 1)
    np.testing.assert_allclose(at.session_state["session"].net.params, after, atol=5e-7)
    assert epoch(at) == 38


def test_by_hand_names_the_series_rule():
    at = open_app("app_pages/by_hand.py")
    assert any("series' rule" in i.value for i in at.info)


def test_long_train_runs_in_ticks_with_a_progress_bar():
    at = open_app()
    at.session_state["session"].rate = 1000.0  # pretend the machine is slow, so 5,000 epochs count as long
    at.button(key="train_go").click().run()
    assert at.session_state["session"].job.left > 0 and epoch(at) < 5000  # trained in ticks, not at once
    runs = 0
    while at.session_state["session"].job.left and runs < 50:
        assert at.get("progress")
        at.run()
        runs += 1
    assert runs >= 1 and epoch(at) == 5000 and not at.exception


def test_stop_ends_a_long_train_with_what_is_done_kept():
    at = open_app()
    at.session_state["session"].rate = 1000.0
    at.text_input(key="train_amount").set_value("1,000,000")
    at.button(key="train_go").click().run()
    at.button(key="stop").click().run()
    done = epoch(at)
    assert 0 < done < 1_000_000 and at.session_state["session"].job.left == 0
    at.run()
    assert epoch(at) == done


def test_the_amount_box_trains_what_was_typed_or_says_what_to_type():
    at = open_app()
    assert at.text_input(key="train_amount").value == "5,000"
    for typed, words in (("0", "would train nothing"), ("-3", "would train nothing"), ("abc", "'abc' is not a whole"),
                         ("2,000,000", "more than the 1,000,000"), ("1.5", "'1.5' is not a whole"), ("", "Type how many"),
                         ("3,00", "group digits in threes"), ("1,0000", "group digits in threes"),
                         ("1e9", "1e9 epochs is more than the 1,000,000"), ("1e999", "1e999 epochs is more than"),
                         ("2.5e0", "2.5e0 is not a whole"), ("9" * 10_000, "10,000 characters, too long")):
        at.text_input(key="train_amount").set_value(typed)
        at.button(key="train_go").click().run()
        assert epoch(at) == 0, typed
        warnings = [shown(w.value) for w in at.sidebar.warning]  # next to the box, once: no toast, no banner
        assert len(warnings) == 1 and words in warnings[0], (typed, warnings)
        assert not at.toast and not at.main.warning
    at.text_input(key="train_amount").set_value(" 1 234 ")
    at.button(key="train_go").click().run()
    assert epoch(at) == 1234 and not at.sidebar.warning  # the good value's press ends the old message
    at.text_input(key="train_amount").set_value("1e3")
    at.button(key="train_go").click().run()
    assert epoch(at) == 2234


def test_play_sends_chunks_of_the_kernels_own_frames_and_pause_keeps_the_epoch_shown():
    at = bar(open_app(), do="play")
    play = live(at)["play"]
    chunk = play["chunk"]
    assert chunk["start"] == 0 and chunk["epochs"][:3] == [1, 2, 3] and epoch(at) == 0
    for e in (1, 17, chunk["epochs"][-1]):
        net = trained(e)
        f = chunk["epochs"].index(e)
        assert (chunk["loss"][f], chunk["outputs"][f], chunk["params"][f]) == (net.loss, net.output[:, 0].tolist(),
                                                                               net.params.tolist())
    bar(at, "more", play=play["id"], after=chunk["epochs"][-1], shown=57)
    assert live(at)["play"]["chunk"]["start"] == chunk["epochs"][-1]
    bar(at, do="pause", shown=131)
    assert live(at)["play"] is None and epoch(at) == 131
    assert at.session_state["session"].net.fingerprint == trained(131).fingerprint
    assert at.query_params["epoch"] == "131"


def test_a_press_during_play_trains_from_the_epoch_shown_and_play_goes_on():
    at = bar(open_app(), do="play")
    bar(at, do="train", n=10, shown=40)
    assert at.session_state["session"].net.fingerprint == trained(50).fingerprint
    assert live(at)["play"]["chunk"]["start"] == 50 and live(at)["play"]["id"] == 2


def test_a_press_the_server_is_handed_twice_counts_once():
    """Streamlit may hand a press to a second run (one that replaces the run it came in); its name (the tab and
    the press's number) makes it count once, and the tab's next press counts again."""
    at = bar(open_app(), do="train", n=10, tab="tab-a", k=7)
    bar(at, do="train", n=10, tab="tab-a", k=7)
    assert epoch(at) == 10
    bar(at, do="train", n=10, tab="tab-a", k=8)
    bar(at, do="train", n=10, tab="tab-b", k=1)  # another tab of the same session (a reload) has its own count
    assert epoch(at) == 30


def test_a_new_speed_during_play_goes_on_from_the_epoch_shown():
    at = bar(open_app(), do="play")
    bar(at, do="speed", speed=10_000, shown=30)
    chunk = live(at)["play"]["chunk"]
    assert chunk["start"] == 30 and chunk["stride"] > 100 and at.session_state["session"].speed == 10_000


def test_reset_during_play_stops_it_at_epoch_0():
    at = bar(open_app(), do="play")
    at.button(key="reset").click().run()
    assert live(at)["play"] is not None  # Play goes on while Reset asks
    assert any("every epoch trained so far" in w.value for w in at.sidebar.warning)
    at.button(key="reset_confirm").click().run()
    assert live(at)["play"] is None and epoch(at) == 0


@pytest.mark.parametrize("value", [None, 7, "x", [], {"do": "train", "n": 3}, {"do": "train", "n": True},
                                   {"do": "pause", "shown": -1}, {"do": "speed", "speed": 7}, {"do": "nope"}])
def test_what_the_bar_cannot_use_changes_nothing(value):
    """The browser's messages are not trusted: anything the bar would never send is ignored."""
    at = open_app()
    at = bar(at, **value) if isinstance(value, dict) else bar(at, "act")
    assert not at.exception and epoch(at) == 0 and live(at)["play"] is None


def test_a_request_for_frames_of_another_play_or_epoch_is_ignored():
    at = bar(open_app(), do="play")
    play = live(at)["play"]
    for ask in ({"play": play["id"] + 1, "after": 120}, {"play": play["id"], "after": 99_999},
                {"play": play["id"], "after": "120"}, {"play": play["id"], "after": True}):
        bar(at, "more", **ask)
        assert not at.exception and live(at)["play"]["chunk"] == play["chunk"], ask


def test_the_app_freezes_the_long_lived_objects_once_per_process():
    from serving import speed
    open_app()  # a first run in this process has happened by now, here or in an earlier test
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # modules, plotly's and pandas' tables: what makes Streamlit's after-run gc slow
    garbage = [[i] for i in range(1000)]  # new objects, made after the freeze
    open_app()
    speed.freeze_long_lived()
    assert gc.get_freeze_count() <= frozen  # once only (frozen objects can still be freed): later ones stay collectable
    del garbage


def test_the_loss_page_shows_the_live_curve_when_its_view_selector_reports_no_choice():
    at = open_app("app_pages/loss.py", trained(1900))
    at.segmented_control(key="loss_view").set_value(None).run()
    assert not at.exception and live(at, "loss_curve") and not at.slider


def test_a_diverged_network_says_so_and_offers_reset():
    net = Network(activation="relu", rule="exact")
    net._params = np.array([1e308, 1e308, 1e308, 1e308, -1.0])
    at = open_app(net=net)
    press(at, 10)
    assert any("diverged at epoch 1" in e.value for e in at.error)
    assert live(at)["diverged"]
    at.button(key="reset").click().run()
    assert not at.error and epoch(at) == 0


def test_by_hand_names_the_rule_the_run_uses():
    net = trained(10)
    net.set_rule("exact")
    at = open_app("app_pages/by_hand.py", net)
    assert not at.info                                        # no "This is the series' rule" note
    assert "\\text{output}(1 - \\text{output})" in at.get("latex")[1].value  # the exact slope, written out


def test_presenter_mode_from_the_address_is_kept_in_it_and_says_nothing_about_the_link():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.query_params["epoch"] = "100"
    at.run()
    assert not at.exception and at.toggle(key="present").value and epoch(at) == 100
    assert not at.toast and not at.main.warning  # "present" is the app's own, not a run's unknown parameter
    assert any("font-size: 20px" in h.proto.body for h in at.get("html"))
    assert at.query_params["present"] == "1" and at.query_params["epoch"] == "100"
    at.toggle(key="present").set_value(False).run()
    assert "present" not in at.query_params and not any("font-size: 20px" in h.proto.body for h in at.get("html"))


def test_every_tour_step_shows_what_it_talks_about_on_the_tour_page():
    """Every step has, beside its words, the chart or the numbers they talk about (none an empty column)."""
    from ui import tour
    at = open_app("app_pages/tour.py")

    def table_has(number):
        table = at.table[0].value
        return any(number in list(table[column]) for column in table.columns)

    def shows(page, number, net):
        t = trace(net)
        if page == "overview":
            return live(at, "tour_people")["outputs"] == net.output[:, 0].tolist()
        if page == "by_hand":  # the number its Do asks the learner to find: Bob's output, d_weights2
            return table_has(f"{t.output[1, 0]:.4f}" if number == 2 else f"{t.d_weights2[0, 0]:.4f}")
        if page == "score":  # James's score
            return at.metric[0].value == f"{net.predict([JAMES[1]])[0]:.6f}"
        if page in ("landscape", "learned"):
            return at.get("plotly_chart")[0]
        return live(at, {"outputs": "tour_outputs", "loss": "tour_loss", "weights": "tour_weights",
                         "lab": "tour_lab_loss"}[page])

    for number, step in enumerate(tour.STEPS, start=1):
        assert shows(step.page, number, at.session_state["session"].net), number
        if number < len(tour.STEPS):
            at.button(key="tour_next").click().run()
            assert not at.exception, number


def test_the_tours_next_back_and_place_ask_before_they_throw_a_run_of_the_learners_own_away():
    """Next and Back move at once while the network is one a step put there; trained on, they ask first."""
    from ui import tour
    at = open_app("app_pages/tour.py")
    at.button(key="tour_next").click().run()  # step 1's network is the tour's own: no question
    step = at.session_state["session"].tour_step
    assert step == 2 and net_of(at).epoch == tour.STEPS[1].epoch and not asked(at)
    bar(at, do="train", n=10)  # (at 100 it would be step 6's network again: the tour's own)
    trained_on = net_of(at)
    at.button(key="tour_next").click().run()
    assert asked(at) == [f"Going to step 3 throws away the {trained_on.epoch:,} epochs trained so far (loss "
                         f"{trained_on.loss:.6f}). To keep this run, copy its link, or download its run file "
                         "in the Lab, first."]
    assert net_of(at) is trained_on and at.session_state["session"].tour_step == 2
    at.button(key="tour_cancel").click().run()  # Keep this run
    assert net_of(at) is trained_on and at.session_state["session"].tour_step == 2 and not asked(at)
    at.button(key="tour_place").click().run()  # "Put the series' network at epoch N" asks too
    assert asked(at)[0].startswith(f"Putting the series' network at epoch {tour.STEPS[1].epoch:,} throws away")
    at.button(key="tour_place_confirm").click().run()
    assert net_of(at).epoch == tour.STEPS[1].epoch and net_of(at).fingerprint == tour.reference(
        tour.STEPS[1].epoch).fingerprint and not asked(at)
    bar(at, do="train", n=10)
    at.button(key="tour_back").click().run()
    at.button(key="tour_confirm").click().run()  # Yes
    assert at.session_state["session"].tour_step == 1 and net_of(at).epoch == tour.STEPS[0].epoch


def asked(at):
    return [w.value for w in at.main.warning if "throws away" in w.value]


def net_of(at):
    return at.session_state["session"].net


def test_overviews_live_table_holds_the_scores_truth_and_output_now():
    at = open_app(None, trained(1900))
    table = live(at, "overview_people")
    assert table["headings"] == ["Person", "Money", "Relationships", "Sandwiches", "Baseline", "Truth", "Output now"]
    assert table["rows"][1] == ["Bob", 1.0, 0.2, 0.4, 0.3, 0.85] and table["epoch"] == 1900
    assert table["outputs"] == pytest.approx([0.931142, 0.831, 0.5], abs=1e-6)
