"""Sharing and restoring: recipes replay exactly, files are checked, URLs fall back, the script agrees."""

import json
import subprocess
import sys

import numpy as np
import pytest
from helpers import trained

from nn import Network, People, diagnose
from nn import runfile as rf


def varied():
    net = Network(People(["Ann", "Ben"], [[0.1, 0.9, 0.5, 0.2], [0.8, 0.3, 0.3, 0.6]], [0.9, 0.3]),
                  hidden=3, bias=True, activation="tanh", seed=5)
    net.train(300)
    net.set_rule("exact")
    net.set_learning_rate(0.123456789)
    net.train(200)
    return net


def test_replaying_a_recipe_rebuilds_the_same_network():
    net = varied()
    again = rf.replay(rf.recipe(net))
    np.testing.assert_array_equal(again.params, net.params)
    assert again.changes == net.changes and again.epoch == 500


def test_the_url_carries_options_data_schedule_and_epoch():
    net = varied()
    query = rf.to_query(net)
    assert set(query) == {"epoch", "hidden", "bias", "activation", "seed", "schedule", "people"}
    recipe, messages = rf.from_query(query)
    assert messages == []
    np.testing.assert_array_equal(rf.replay(recipe).params, net.params)
    assert rf.to_query(trained(1900)) == {"epoch": "1900"}


@pytest.mark.parametrize("query, words", [
    ({"epoch": "lots"}, "epoch 'lots'"), ({"epoch": "-5"}, "epoch"), ({"epoch": "99999999"}, "epoch"),
    ({"hidden": "12"}, "hidden '12'"), ({"bias": "maybe"}, "bias"), ({"activation": "softmax"}, "activation"),
    ({"seed": "x"}, "seed"), ({"people": "%%%"}, "people"), ({"people": "W1tdXQ"}, "people"),
    ({"schedule": "0:mine:1"}, "schedule"), ({"schedule": "garbage"}, "schedule"),
    ({"schedule": "0:series:1,5:exact:0.5", "epoch": "3"}, "schedule"),
])
def test_a_malformed_url_says_so_and_falls_back_to_the_series(query, words):
    recipe, messages = rf.from_query({"epoch": "10", **query})
    assert any(words in m for m in messages), messages
    net = rf.replay(recipe)  # what can't be read is the series' default, so the rest still builds
    assert net.epoch in (0, 3, 10)


def test_json_round_trip_restores_weights_history_and_training_goes_on_identically():
    net = varied()
    back = rf.from_json(rf.to_json(net))
    np.testing.assert_array_equal(back.params, net.params)
    np.testing.assert_array_equal(back.history.loss, net.history.loss)
    back.train(50)
    net.train(50)
    np.testing.assert_array_equal(back.params, net.params)


def spoil(change):
    data = rf.to_dict(trained(100))
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize("text, words", [
    (b"\x89PNG not json", "not JSON"), ("[1, 2, 3]", "not a run"), ('{"format": "other"}', "not a run"),
    (spoil(lambda d: d.update(version=9)), "version"),
    (spoil(lambda d: d.update(weights=[1.0, 2.0])), "weights have the wrong shape"),
    (spoil(lambda d: d["weights"].__setitem__(0, "x")), "weights must be numbers"),
    (spoil(lambda d: d["history"]["loss"].__setitem__(3, 1e999)), "finite"),
    (spoil(lambda d: d["history"]["epochs"].reverse()), "epochs must rise"),
    (spoil(lambda d: d.update(epoch=5)), "epochs must rise"),
    (spoil(lambda d: d["weights"].__setitem__(0, 9.0)), "do not match"),
    (spoil(lambda d: d["architecture"].update(hidden=99)), "hidden"),
    (spoil(lambda d: d.update(people=[{"name": "A"}])), "missing"),
    ("x" * (rf.MAX_FILE_BYTES + 1), "over 5 MB"),
])
def test_a_bad_file_is_refused_with_a_reason(text, words):
    with pytest.raises(ValueError, match=words):
        rf.from_json(text)


def run_script(net):
    out = subprocess.run([sys.executable, "-c", rf.to_script(net)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    return {line.split(": ")[0]: float(line.split(": ")[1]) for line in lines}


def test_the_exported_script_prints_the_series_numbers():
    printed = run_script(trained(1900))
    assert printed == {"Alejandra": 0.931142, "Bob": 0.831, "Alice": 0.5, "loss": 0.015102}


def test_the_exported_script_trains_any_configuration_to_the_apps_numbers():
    net = varied()
    printed = run_script(net)
    np.testing.assert_allclose([printed["Ann"], printed["Ben"]], net.output[:, 0], atol=5e-7)
    assert printed["loss"] == pytest.approx(net.loss, abs=5e-7)


def test_stuck_at_half_shows_when_the_floor_binds_and_not_otherwise():
    assert diagnose.stuck_at_half(trained(1900)) == [2]
    assert diagnose.stuck_at_half(Network()) == []          # epoch 0: Alice is at 0.59, above the floor
    biased = Network(bias=True)
    biased.train(1900)
    assert diagnose.stuck_at_half(biased) == []
    assert biased.output[2, 0] < 0.45                        # turning the bias on, as offered, frees Alice


def test_loss_rising_shows_under_the_series_rule_after_its_low_point():
    assert diagnose.loss_rising(trained(1900)) is None
    long = Network()
    long.train(25_000)
    epoch, low = diagnose.loss_rising(long)
    assert 10_000 < epoch < 20_000 and long.loss > 1.05 * low
    long.set_rule("exact")
    assert diagnose.loss_rising(long) is None


def test_a_long_wide_run_exports_under_the_upload_limit_and_loads_back():
    rng = np.random.default_rng(3)
    people = People([f"p{i}" for i in range(100)], rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100))
    net = Network(people, hidden=8, bias=True)
    net.train(30_000)
    text = rf.to_json(net)
    assert len(text) < rf.MAX_FILE_BYTES
    back = rf.from_json(text)
    np.testing.assert_array_equal(back.params, net.params)
    assert back.history.epochs[0] == 0 and back.history.epochs[-1] == 30_000
    back.train(5000)
    net.train(5000)
    np.testing.assert_array_equal(back.params, net.params)
    assert np.all(np.diff(back.history.epochs) > 0)
