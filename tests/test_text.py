"""The By-hand text and the tables: the arithmetic written out is the arithmetic applied."""

import re

import numpy as np
import pytest
from helpers import tex_lines, trained

from nn import Network, trace
from ui import byhand, tables
from ui.text import plain


def numbers(line):
    return [float(x) for x in re.findall(r"-?\d+\.\d+", line)]


def test_by_hand_feedforward_is_the_series_part_4_arithmetic():
    heading, lines = byhand.forward(trace(Network()), 0)
    assert heading == "Feedforward"
    assert "0.4 \\times 0.25 + 0.8 \\times 1 + 0.4 \\times 0.25 + 0.3 \\times 1" in lines[2]
    assert lines[3].endswith("= 1.300000")
    assert lines[4].endswith("(1.300000) = 0.785835")
    assert lines[-3].endswith("= 0.596985")


@pytest.mark.parametrize("hidden, bias", [(1, False), (8, True)])
def test_by_hand_lines_stay_short_enough_to_read_at_any_width(hidden, bias):
    """A wide network's sums go on over several lines, each starting with '+', instead of off the page."""
    net = Network(hidden=hidden, bias=bias, seed=3)
    step = trace(net)
    for _, lines in byhand.steps(step, 0, net.layout.names()):
        assert max(byhand.shown_length(line) for line in lines) <= byhand.MAX_LINE
    _, lines = byhand.forward(step, 0)
    net_input = [i for i, line in enumerate(lines) if line.startswith("\\text{net input}")][0]
    following = lines[net_input + 1:net_input + 3] if hidden > 1 else []
    assert all(line.startswith("+ ") for line in following)
    assert numbers(lines[net_input + len(following)])[-1] == pytest.approx(step.z2[0, 0], abs=1e-6)


def test_sum_lines_keeps_a_short_sum_on_one_line():
    assert byhand.sum_lines("z", ["a", "b"], "3") == ["z = a + b = 3"]
    long = byhand.sum_lines("z", ["x" * 30] * 5, "9")
    assert len(long) > 1 and all(byhand.shown_length(line) <= byhand.MAX_LINE for line in long)
    assert long[0].startswith("z = ") and long[-1].endswith("= 9") and long[1].startswith("+ ")


def test_by_hand_backprop_names_the_series_rule_or_the_exact_one():
    _, series = byhand.backward(trace(Network()), 0)
    _, exact = byhand.backward(trace(Network(rule="exact")), 0)
    assert "sigmoid\\_derivative" in series[1] and "(1 - \\text{output})" in exact[1]
    assert numbers(series[2])[-1] == pytest.approx(trace(Network()).delta2[0, 0], abs=1e-6)


def test_by_hand_update_lines_end_in_the_weights_after_one_epoch():
    net = trained(100)
    _, lines = byhand.update(trace(net), net.layout.names())
    net.train(1)
    np.testing.assert_allclose([numbers(line)[-1] for line in lines], net.params, atol=5e-7)


def test_by_hand_handles_width_bias_and_every_person():
    net = Network(hidden=3, bias=True, activation="tanh", rule="exact", learning_rate=0.5)
    step = trace(net)
    for person in range(3):
        sections = byhand.steps(step, person, net.layout.names())
        assert [h for h, _ in sections][:2] == ["Feedforward", "Backprop (the chain rule)"]
        text = " ".join(line for _, lines in sections for line in lines)
        assert "\\tanh" in text and "bias" in text and "0.5 \\times" in text
        assert "nan" not in text and "inf" not in text


def test_weights_table_shows_the_change_since_the_last_press():
    net = Network()
    before = net.params
    net.train(1)
    table = tables.weights(net, before, 0)
    assert table["Change since epoch 0"][4].as_py() == pytest.approx(0.165912, abs=1e-6)
    assert table["Weight"].to_pylist() == net.layout.names()


def test_errors_table_finds_who_contributes_most():
    table = tables.errors(trained(1900))
    assert table["Person"][table["Squared error"].idxmax()] == "Alice"  # 0.500 vs 0.4: 0.0100; Alejandra 0.931 vs 1: 0.0047
    assert table["Share of the loss"].sum() == pytest.approx(1.0)


def test_scored_table_rescores_with_the_current_weights():
    net = trained(1900)
    rows = [("James", (0.2, 1.0, 0.4, 0.3))]
    assert tables.scored(net, rows)["Happiness now"][0] == pytest.approx(0.954433, abs=1e-6)
    assert tables.scored(net, []).empty


def test_pushes_are_each_score_times_its_weight():
    net = trained(1900)
    table = tables.pushes(net, [0.2, 1.0, 0.4, 0.3])
    assert list(table["Score"]) == ["Money", "Relationships", "Sandwiches", "Baseline"]
    np.testing.assert_allclose(table["Push (score × weight)"], np.array([0.2, 1.0, 0.4, 0.3]) * net.weights1[:, 0])
    wide = tables.pushes(Network(hidden=3), [0.1, 0.2, 0.3, 0.4])
    assert list(wide.columns[2:]) == ["Push on hidden 1", "Push on hidden 2", "Push on hidden 3"]


@pytest.mark.parametrize("hidden, bias", [(1, False), (3, True)])
def test_each_step_is_one_block_whose_lines_come_back_whole(hidden, bias):
    net = Network(hidden=hidden, bias=bias, seed=2)
    for _, lines in byhand.steps(trace(net), 0, net.layout.names()):
        tex = byhand.block(lines)
        assert tex.startswith(r"\begin{gathered}") and tex.count(byhand.LINE_BREAK) == len(lines) - 1
        assert tex_lines(f"$$\n{tex}\n$$") == lines  # as st.latex hands it back


def test_plain_text_shows_markdown_as_typed_and_makes_no_link():
    from helpers import shown

    from ui.text import JOINER, plain
    for typed in ("![x](http://host/p.png)", "[a](https://e.com) **b** $x$ :red[c] <b>d</b>", "www.e.com me@e.com",
                  "back\\slash `code` # heading", "Ünïcode naïve ☺"):
        escaped = plain(typed)
        assert shown(escaped) == typed
        assert "://" not in escaped.replace("\\", "").replace(JOINER, "") or JOINER + "\\:" in escaped
        for pattern in ("http:", "https:", "www.", "e@"):
            assert pattern not in escaped
        assert not re.search(r"(?<!\\)[!*_\[\]()$:<>`#]", escaped), escaped  # every Markdown mark escaped
    for ordinary in ("Loss: 0.015102 at 12:30", "That file was not loaded: it is @ the limit", "Mail me at once"):
        assert JOINER not in plain(ordinary)  # copied, a message carries nothing invisible
    for linky in ("HTTPS://e.com", "ftp : // e.com", "mailto:me", "xmpp:me", "a.b+c@e.com"):
        assert JOINER in plain(linky) and shown(plain(linky)) == linky


@pytest.mark.parametrize("change, text", [(-1.234e-8, "-1.23e-08"), (2.5e-3, "+0.002500"), (-4e-7, "-4.00e-07")])
def test_a_tiny_change_of_the_loss_never_reads_as_zero(change, text):
    assert tables.change_text(change) == text


def test_a_text_table_writes_each_column_with_its_format():
    import pandas as pd
    frame = pd.DataFrame({"Name": ["<b>Al</b>", "Bo"], "Money": [0.4, 1.0], "Truth": [0.85, None], "Out": [0.93114, 0.5]})
    table = tables.text(frame, {"Money": tables.SCORE, "Truth": tables.SCORE, "Out": tables.THREE}).to_pydict()
    assert table == {"Name": [plain("<b>Al</b>"), "Bo"], "Money": ["0.4", "1"], "Truth": ["0.85", "new"],
                     "Out": ["0.931", "0.500"]}  # st.table reads cells as Markdown: a name is escaped to show as typed
    counts = pd.DataFrame({"Epoch": [1900, 20000], "Kept": pd.array([3, None], dtype="Int64")})  # a nullable column
    assert tables.text(counts, {"Epoch": "{:,}", "Kept": "{:,}"}, blank="-").to_pydict() == {
        "Epoch": ["1,900", "20,000"], "Kept": ["3", "-"]}
