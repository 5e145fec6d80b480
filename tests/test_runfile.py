"""Run files (nn/runfile.py): a run saved and loaded back exactly, and every bad file refused with a reason."""

import json

import numpy as np
import pytest
from helpers import trained, varied

from nn import Network, People, recipes, runfile
from nn.history import DENSE


@pytest.mark.parametrize("epochs", [500, 12_345])
def test_json_round_trip_restores_weights_history_bands_and_training_goes_on_identically(epochs):
    net = varied()
    net.train(epochs - 500)
    back, note = runfile.from_json(runfile.to_json(net))
    assert note is None
    np.testing.assert_array_equal(back.params, net.params)
    np.testing.assert_array_equal(back.history.epochs, net.history.epochs)
    np.testing.assert_array_equal(back.history.loss, net.history.loss)
    for mine, theirs in zip(back.history.output_band(), net.history.output_band(), strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert back.best == net.best
    back.train(3000)
    net.train(3000)
    np.testing.assert_array_equal(back.params, net.params)
    np.testing.assert_array_equal(back.history.loss_band, net.history.loss_band)


@pytest.mark.parametrize("version", [1, 2])  # 2: the C library's exp and tanh
def test_a_file_from_an_earlier_version_is_rebuilt_from_its_recipe_and_says_so(version):
    data = {"format": runfile.FORMAT, "version": version, **recipes.recipe(trained(1900)), "weights": [0.0] * 5}
    net, note = runfile.from_json(json.dumps(data))
    assert net.epoch == 1900 and net.fingerprint == trained(1900).fingerprint
    assert "earlier version" in note and "today's arithmetic" in note
    assert runfile.to_dict(net)["version"] == 3


def test_a_file_whose_first_epochs_rebuild_on_other_bits_says_so():
    data = runfile.to_dict(trained(12_000))
    data["fingerprint_at_dense"] = "0badf00d"
    net, note = runfile.from_json(json.dumps(data))
    assert net.epoch == 12_000 and "other bits" in note


def spoil(change):
    data = runfile.to_dict(trained(10_100))
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize("text, words", [
    (b"\x89PNG not json", "not JSON"), ("[1, 2, 3]", "not a run"), ('{"format": "other"}', "not a run"),
    (spoil(lambda d: d.update(version=9)), "version"),
    (spoil(lambda d: d.update(weights=[1.0, 2.0])), "weights: 5 numbers expected, 2 found"),
    (spoil(lambda d: d["weights"].__setitem__(0, "x")), "weights must be numbers"),
    (spoil(lambda d: d["history"]["loss"].__setitem__(3, 1e999)), "finite"),
    (spoil(lambda d: d["history"]["epochs"].reverse()), "epochs must rise"),
    (spoil(lambda d: d.update(epoch=5)), "epochs must rise"),
    (spoil(lambda d: d["weights"].__setitem__(0, 9.0)), "do not match"),
    (spoil(lambda d: d["architecture"].update(hidden=99)), "hidden"),
    (spoil(lambda d: d.update(people=[{"name": "A"}])), "missing"),
    (spoil(lambda d: d["history"].update(stride=10**30)), "stride"),
    (spoil(lambda d: d["history"]["loss_low"].__setitem__(3, 9.0)), "band"),
    (spoil(lambda d: d["history"]["output_high"][2].__setitem__(0, 1.5)), "between 0 and 1"),
    (spoil(lambda d: d.update(best={"epoch": 5, "loss": -1})), "best loss"),
    (spoil(lambda d: d.update(best={"epoch": 5, "loss": 9.0})), "higher than a loss"),
    (spoil(lambda d: d["history"].update(params="[" * 5000 + "]" * 5000)), "numbers"),
    ('{"format": "happiness-net-run", "weights": ' + "[" * 5000 + "]" * 5000 + "}", "nests"),
    ("x" * (runfile.MAX_FILE_BYTES + 1), r"the file is 5\.0 MB, over the 5 MB a run file can be"),
    ("x" * (6 * 2**20), r"the file is 6\.0 MB, over the 5 MB"),
])
def test_a_bad_file_is_refused_with_a_reason(text, words):
    with pytest.raises(ValueError, match=words):
        runfile.from_json(text)


def test_a_long_wide_run_exports_under_the_upload_limit_and_loads_back():
    rng = np.random.default_rng(3)
    people = People([f"p{i}" for i in range(100)], rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100))
    net = Network(people, hidden=8, bias=True)
    net.train(30_000)
    text = runfile.to_json(net)
    assert len(text) < runfile.MAX_FILE_BYTES
    back, _ = runfile.from_json(text)
    np.testing.assert_array_equal(back.params, net.params)
    assert back.history.epochs[0] == 0 and back.history.epochs[-1] == 30_000
    back.train(5000)
    net.train(5000)
    np.testing.assert_array_equal(back.params, net.params)
    assert np.all(np.diff(back.history.epochs) > 0)


def test_a_file_whose_people_are_not_rows_is_refused():
    data = runfile.to_dict(trained(100))
    data["people"] = [5]
    with pytest.raises(ValueError, match="row 1"):
        runfile.from_dict(data)


FUZZ_VALUES = [None, True, -1, 0, 1e308, 10**30, 10**400, "text", [], [1, 2], float("nan"), float("inf")]


def _paths(node, path=()):
    """Every field of a run file's JSON: each key of each object, and the first item of each list."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _paths(value, (*path, key))
    elif isinstance(node, list) and node:
        yield (*path, 0)
        yield from _paths(node[0], (*path, 0))


def _mutated(data, path, value):
    """The file's text with the field at path set to value (or deleted), the data itself left as it was."""
    node = data
    for step in path[:-1]:
        node = node[step]
    key, original = path[-1], node[path[-1]]
    if value is _DELETE:
        if isinstance(node, dict):
            del node[key]
        else:
            node.pop(key)
    else:
        node[key] = value
    try:
        return json.dumps(data, allow_nan=True)
    finally:
        if value is _DELETE and isinstance(node, list):
            node.insert(key, original)
        else:
            node[key] = original


_DELETE = object()

# A refusal names the field that is wrong, or the field it disagrees with: a file whose architecture
# gains a bias has weights of the wrong size.


_ALSO_NAMED = {"architecture": ("weights",), "people": ("row",), "best": ("best loss",),
               "format": ("format",), "epoch": ("history's epochs",)}


def _names_the_field(message, path):
    words = {p.replace("_", " ") for p in path if isinstance(p, str)} | set(_ALSO_NAMED.get(path[0], ()))
    return any(word in message.replace("_", " ") for word in words)


def test_every_field_of_a_run_file_mutated_is_refused_or_loads_finite_numbers():
    """A genuine file past the dense history (10,000 epochs), with each field in turn set to null, true, -1, 0,
    1e308, 10**30, 10**400, text, a list, NaN or Infinity, or deleted: each is refused with a ValueError (the
    Lab shows its message) naming the field, or loads a network whose numbers are all finite. Nothing else
    escapes."""
    net = Network()
    net.train(10_100)
    data = json.loads(runfile.to_json(net))
    genuine = json.loads(json.dumps(data))
    paths = list(_paths(data))
    assert len(paths) > 20
    for path in paths:
        for value in [*FUZZ_VALUES, _DELETE]:
            text = _mutated(data, path, value)
            try:
                loaded, _ = runfile.from_json(text)
            except ValueError as refused:
                assert _names_the_field(str(refused), path), (path, value, str(refused))
                continue
            h = loaded.history
            assert np.isfinite(loaded.params).all() and np.isfinite(loaded.loss), (path, value)
            assert np.isfinite(h.loss).all() and np.isfinite(h.best[1]), (path, value)
    assert data == genuine  # every mutation was undone before the next


def test_a_file_whose_schedule_changes_past_the_dense_history_loads_with_the_rule_in_force():
    net = Network()
    net.train(DENSE + 500)
    net.set_rule("exact")
    net.set_learning_rate(0.5)
    net.train(100)
    back, note = runfile.from_json(runfile.to_json(net))
    assert note is None
    assert (back.rule, back.learning_rate, back.changes) == ("exact", 0.5, net.changes)
    assert back.fingerprint == net.fingerprint
    back.train(50)
    net.train(50)
    assert back.fingerprint == net.fingerprint


def test_a_network_from_saved_state_leaves_the_network_it_starts_from_unchanged():
    start = Network()
    start.train(10)
    before = (start.fingerprint, start.epoch, list(start.changes), len(start.history))
    history = start.history.copy()
    saved = Network.from_saved(start, epoch=10, changes=[(0, "series", 1.0), (10, "exact", 0.25)],
                               weights=start.params, history=history)
    saved.train(5)
    assert (saved.rule, saved.learning_rate, saved.epoch) == ("exact", 0.25, 15)
    assert (start.fingerprint, start.epoch, list(start.changes), len(start.history)) == before
