"""Links (nn/link.py): the URL carries a run, falls back to the series on anything it can't use, and says why."""

import json
import re

import numpy as np
import pytest
from helpers import trained, varied

from nn import Network, People, link, recipes


def test_the_url_carries_options_data_schedule_and_epoch():
    net = varied()
    query = link.to_query(net)
    assert set(query) == {"epoch", "hidden", "bias", "activation", "seed", "schedule", "people", "fp", "v"}
    recipe, messages = link.from_query(query)
    assert messages == []
    again = recipes.replay(recipe)
    np.testing.assert_array_equal(again.params, net.params)
    assert link.fingerprint_note(recipe, again) is None
    assert link.to_query(trained(1900)) == {"epoch": "1900", "fp": trained(1900).fingerprint, "v": "2"}


@pytest.mark.parametrize("fp, words", [("0badf00d", "other bits"), ("<b>x</b>", "can't be read")])
def test_a_link_whose_fingerprint_differs_says_so_and_still_shows_the_rebuilt_run(fp, words):
    recipe, messages = link.from_query({"epoch": "1900", "fp": fp, "v": "2"})
    net = recipes.replay(recipe)
    assert messages == [] and net.epoch == 1900
    assert words in link.fingerprint_note(recipe, net)


@pytest.mark.parametrize("query, words", [
    ({"epoch": "lots"}, "epoch 'lots'"), ({"epoch": "-5"}, "epoch"), ({"epoch": "99999999"}, "epoch"),
    ({"hidden": "12"}, "hidden '12'"), ({"bias": "maybe"}, "bias"), ({"activation": "softmax"}, "activation"),
    ({"seed": "x"}, "seed"), ({"people": "%%%"}, "people"), ({"people": "W1tdXQ"}, "people"),
    ({"schedule": "0:mine:1"}, "schedule"), ({"schedule": "garbage"}, "schedule"),
    ({"schedule": "0:series:1,5:exact:0.5", "epoch": "3"}, "schedule"),
    ({"schedule": "0:series:0.0005"}, "the learning rate must be from 0.001 to 1000, got 0.0005"),
])
def test_a_malformed_url_says_so_and_falls_back_to_the_series(query, words):
    recipe, messages = link.from_query({"epoch": "10", **query})
    assert any(words in m for m in messages), messages
    net = recipes.replay(recipe)  # what can't be read is the series' default, so the rest still builds
    assert net.epoch in (0, 3, 10)


@pytest.mark.parametrize("v, words", [(None, "made before the playground computed exp and tanh itself"),
                                      ("1", "made before the playground computed exp and tanh itself"),
                                      ("2", "other bits than the link recorded")])
def test_a_link_from_before_the_kernels_own_exp_says_why_its_fingerprint_differs(v, words):
    """A link names the arithmetic of its fingerprint (v=2); one without it is older, and a fingerprint it
    holds was made with the C library's exp: it rebuilds with today's and says so in one sentence."""
    query = {"epoch": "1900", "fp": "0badf00d", **({"v": v} if v else {})}
    recipe, messages = link.from_query(query)
    net = recipes.replay(recipe)
    assert messages == [] and net.fingerprint == trained(1900).fingerprint
    assert words in link.fingerprint_note(recipe, net)
    recipe, _ = link.from_query({**query, "fp": net.fingerprint})
    assert link.fingerprint_note(recipe, net) is None  # the same bits: nothing to say, whatever the version


def link_people(rows):
    import base64
    return base64.urlsafe_b64encode(json.dumps(rows).encode()).decode().rstrip("=")


@pytest.mark.parametrize("query, words", [
    ({"people": link_people([["A", "0.5", 0.2, 0.3, 0.4, 0.5]])}, "is not a number"),
    ({"people": link_people([["A", True, 0.2, 0.3, 0.4, 0.5]])}, "is not a number"),
    ({"people": link_people([[5, 0.1, 0.2, 0.3, 0.4, 0.5]])}, "name must be text"),
    ({"people": link_people([{"name": "A"}])}, "a name, four scores and a truth"),
    ({"people": link_people([["A", 1e308 * 10, 0.2, 0.3, 0.4, 0.5]])}, "people"),
    ({"people": link_people("[" * 3000)}, "people"),
    ({"people": "W" * 3000 + "1" * 3001}, "too long to read"),
    ({"schedule": "0:series:1," * 1000}, "too long to read"),
    ({"hidden": "9" * 5000}, "hidden"),
    ({"epoch": "1e400"}, "epoch"),
    ({"mystery": "1", "other": "2"}, "'mystery', 'other' are not things the playground uses"),
    ({"bias": "yes"}, "using the series' network with no bias"),
])
def test_every_malformed_link_gets_a_plain_message_and_never_an_exception(query, words):
    recipe, messages = link.from_query({"epoch": "10", **query})
    assert any(words in m for m in messages), messages
    assert not any("False" in m or "zip()" in m for m in messages)   # no code wording
    assert recipes.replay(recipe).epoch in (0, 10)


@pytest.mark.parametrize("query, words", [
    ({"epoch": "99999999"}, "epoch 99,999,999 is outside 0 to 1,000,000"),
    ({"epoch": "ten"}, "epoch 'ten' is not a whole number"),
    ({"people": "2w"}, "not in the form the playground writes"),
    ({"people": "W1s"}, "not in the form the playground writes"),
    ({"hidden": "99"}, "it must be a whole number from 1 to 8"),
    ({"seed": "-1"}, "it must be a whole number from 0 to 4,294,967,295"),
    ({"activation": "step"}, "it must be one of sigmoid, tanh, relu"),
])
def test_a_link_message_says_what_was_wrong_and_the_limit_in_plain_words(query, words):
    _, messages = link.from_query(query)
    assert len(messages) == 1 and words in messages[0], messages
    assert not re.search(r"codec|byte 0x|position \d|Expecting|char \d|Error", messages[0])  # no Python internals


def test_a_link_with_deep_nesting_is_refused_without_recursion():
    deep = link_people(json.loads("[" * 900 + "]" * 900))
    _, messages = link.from_query({"people": deep})
    assert messages and "people" in messages[0]
    raw = "[" * 5000   # past the JSON decoder's recursion limit, but within the value's length bound
    import base64
    value = base64.urlsafe_b64encode(raw.encode()).decode()[:link.MAX_VALUE]
    _, messages = link.from_query({"people": value})
    assert messages and "people" in messages[0]


def test_the_address_stays_bounded_and_says_what_it_left_out():
    names = [f"person number {i} " + "x" * 40 for i in range(100)]
    rng = np.random.default_rng(0)
    net = Network(People(names, rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100)), hidden=3, bias=True)
    net.train(10)
    query = link.to_query(net)
    assert link.query_length(query) <= link.MAX_QUERY
    assert link.omitted(query) == ["people"] and "fp" not in query
    assert query["hidden"] == "3" and query["bias"] == "1" and query["epoch"] == "10"
    recipe, messages = link.from_query(query)
    assert "too many to fit in a link" in messages[0]
    assert recipes.replay(recipe).epoch == 10 and recipe["fingerprint"] is None
    small = varied()
    assert link.omitted(link.to_query(small)) == []
