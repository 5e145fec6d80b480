"""nn/kept.py: kept runs, their names and labels, and what comes back from the browser's storage."""

import json

import pytest
from helpers import trained

from nn import Network, People, kept


def test_a_kept_run_round_trips_through_the_browsers_storage():
    runs = [kept.of(trained(1900), "The series"), kept.of(trained(20_000), "Long")]
    back = kept.from_stored(json.loads(json.dumps(kept.to_stored(runs))))
    assert back == runs
    assert len(back[1].epochs) == kept.CURVE_POINTS and back[1].epochs[0] == 0 and back[1].epochs[-1] == 20_000


def test_a_label_holds_the_whole_schedule_the_shape_and_the_people():
    net = Network()
    net.train(500)
    net.set_rule("exact")
    net.set_learning_rate(0.5)
    net.train(100)
    assert kept.of(net, "x").label == ("series rule, learning rate 1; from epoch 500: exact rule, learning rate 0.5; "
                                       "width 1, sigmoid, no bias, the series’ 3 people; 600 epochs")
    own = Network(People(["Ann"], [[0.1, 0.2, 0.3, 0.4]], [0.5]), hidden=3, bias=True, activation="tanh", seed=1)
    assert kept.of(own, "x").label.endswith("width 3, tanh, bias, 1 person of its own; 0 epochs")


def test_the_same_run_is_kept_once():
    runs, same, dropped = kept.add([], kept.of(trained(100), "Run 1"))
    assert same is None and dropped is None
    again, same, dropped = kept.add(runs, kept.of(trained(100), "Run 2"))
    assert again == runs and same == "Run 1" and dropped is None
    assert kept.next_name(runs) == "Run 2"


def test_past_five_the_oldest_goes_and_is_named_and_no_name_is_given_twice():
    runs, given = [], 0
    for epoch in range(1, kept.MAX_KEPT + 3):
        name = kept.next_name(runs, given)
        runs, _, dropped = kept.add(runs, kept.of(trained(epoch), name))
        given = kept.number(name)
        assert dropped is None if epoch <= kept.MAX_KEPT else dropped.name == f"Run {epoch - kept.MAX_KEPT}"
    assert [r.name for r in runs] == ["Run 3", "Run 4", "Run 5", "Run 6", "Run 7"]
    assert kept.next_name([], given) == "Run 8"  # even once every run has gone
    assert kept.next_name([kept.of(trained(1), "Run 41"), kept.of(trained(2), "Mine")]) == "Run 42"
    assert kept.number("Run 3") == 3 and kept.number("Run 3b") == kept.number("My run") == 0


@pytest.mark.parametrize(("name", "wanted"), [("  a  b ", "a b"), ("a\nb\tc", "a b c"), ("<b>x</b>", "<b>x</b>")])
def test_a_name_is_trimmed_to_one_line(name, wanted):
    assert kept.check_name(name) == wanted


@pytest.mark.parametrize("name", ["", "   ", "\x00\x1f", "x" * 41, None, 5])
def test_a_name_that_cant_be_used_is_refused(name):
    with pytest.raises(ValueError, match="name"):
        kept.check_name(name)


def _stored(**change):
    item = kept.to_stored([kept.of(trained(100), "Run 1")])[0]
    item.update(change)
    return [item]


@pytest.mark.parametrize(("value", "says"), [
    ("text", "a list of at most 5"),
    (_stored() * 6, "a list of at most 5"),
    ([7], "run 1 is not a kept run"),
    (_stored(name=""), "run 1: a kept run needs a name"),
    (_stored(recipe={"epoch": -1}), "run 1: epoch must be"),
    (_stored(recipe=None), "run 1: a run must be"),
    (_stored(loss=[float("nan")] * 101), "its loss curve"),
    (_stored(loss=[-1.0] * 101), "its loss curve"),
    (_stored(loss=[True] * 101), "its loss curve"),
    (_stored(epochs=list(range(100, -1, -1))), "its loss curve"),
    (_stored(epochs=list(range(101)), loss=[0.1] * 100), "its loss curve"),
    (_stored(epochs=list(range(1, 102))), "its loss curve"),
    (_stored(epochs=list(range(500)), loss=[0.1] * 500), "its loss curve"),
])
def test_what_the_browser_hands_back_is_checked_and_refused_with_a_reason(value, says):
    with pytest.raises(ValueError, match=says):
        kept.from_stored(value)
