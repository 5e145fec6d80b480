"""Options beyond the series: each changes what it should, gradients are exact, starts are right."""

import numpy as np
import pytest

from nn import Network, trace


def numeric_gradient(net, eps=1e-6):
    """Return dLoss/dparams by central finite differences."""
    base = net.params
    grad = np.zeros_like(base)
    for i in range(base.size):
        for sign in (1, -1):
            p = base.copy()
            p[i] += sign * eps
            _, output = net.layout.feedforward(net.people.X, p)
            grad[i] += sign * np.sum((net.people.y - output) ** 2) / (2 * eps)
    return grad


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("bias", [False, True])
@pytest.mark.parametrize("hidden", [1, 3, 8])
def test_exact_rule_gradients_match_finite_differences(activation, bias, hidden):
    net = Network(rule="exact", activation=activation, bias=bias, hidden=hidden, seed=7, learning_rate=0.1)
    net.train(5)  # away from the start, with biases no longer 0
    analytic = -net.backprop()  # backprop returns the downhill step, -dLoss/dparams
    numeric = numeric_gradient(net)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-9)


def test_series_rule_is_not_the_exact_gradient():
    net = Network()
    assert not np.allclose(-net.backprop(), numeric_gradient(net), rtol=1e-3)


def test_trace_after_is_exactly_what_train_applies():
    for options in ({}, {"rule": "exact", "bias": True, "hidden": 3, "activation": "tanh", "learning_rate": 0.3}):
        net = Network(**options)
        net.train(37)
        step = trace(net)
        net.train(1)
        np.testing.assert_array_equal(step.after, net.params)


def test_trace_holds_the_series_arithmetic_for_alejandra_at_epoch_0():
    step = trace(Network())
    np.testing.assert_allclose(step.products1[0, :, 0], [0.4 * 0.25, 0.8 * 1.0, 0.4 * 0.25, 0.3 * 1.0])
    assert step.z1[0, 0] == pytest.approx(1.3)
    assert step.layer1[0, 0] == pytest.approx(1 / (1 + np.exp(-1.3)))
    assert step.z2[0, 0] == pytest.approx(0.5 * step.layer1[0, 0])
    assert step.error[0, 0] == pytest.approx(1.0 - 0.596985, abs=1e-6)
    s = 1 / (1 + np.exp(-step.output[0, 0]))
    assert step.d_output[0, 0] == pytest.approx(s * (1 - s))  # the series' rule: sigmoid_derivative(output)
    np.testing.assert_allclose(step.d_weights1_each.sum(axis=0), step.d_weights1)
    np.testing.assert_allclose(step.d_weights2_each.sum(axis=0), step.d_weights2[:, 0])
    assert step.loss == pytest.approx(0.267999, abs=1e-6)


def test_bias_starts_at_zero_so_epoch_0_is_the_series_start():
    plain, biased = Network(), Network(bias=True)
    np.testing.assert_array_equal(plain.output, biased.output)
    np.testing.assert_array_equal(biased.bias1, [0.0])
    np.testing.assert_array_equal(biased.bias2, [0.0])


def test_width_1_starts_from_the_series_weights_for_any_option():
    for options in ({"rule": "exact"}, {"activation": "tanh"}, {"learning_rate": 0.5}, {"seed": 99}):
        net = Network(**options)
        np.testing.assert_array_equal(net.weights1, [[0.25], [1.0], [0.25], [1.0]])
        np.testing.assert_array_equal(net.weights2, [[0.5]])


def test_wider_start_is_reproducible_from_its_seed():
    a, b, c = Network(hidden=4, seed=5), Network(hidden=4, seed=5), Network(hidden=4, seed=6)
    assert a.weights1.shape == (4, 4) and a.weights2.shape == (4, 1)
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)


def test_bias_and_exact_rule_take_alice_below_045():
    net = Network(bias=True, rule="exact")
    net.train(5000)
    assert net.output[2, 0] < 0.45
    assert net.output[2, 0] == pytest.approx(0.40, abs=0.02)


def test_learning_rate_scales_the_first_step():
    slow, fast = Network(learning_rate=0.5), Network()
    slow.train(1)
    fast.train(1)
    start = Network().params
    np.testing.assert_allclose(slow.params - start, 0.5 * (fast.params - start))


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_hidden_activation_changes_the_output(activation):
    assert not np.allclose(Network(activation=activation).output, Network().output)


def test_set_rule_applies_from_the_next_epoch_and_keeps_history():
    net = Network()
    net.train(10)
    kept = net.history.loss.copy()
    net.set_rule("exact")
    net.set_learning_rate(0.5)
    net.train(5)
    np.testing.assert_array_equal(net.history.loss[:11], kept)
    assert net.changes == [(0, "series", 1.0), (10, "exact", 0.5)]
    other = Network()
    other.train(10)
    other.set_rule("exact")
    other.set_learning_rate(0.5)
    other.train(5)
    np.testing.assert_array_equal(other.params, net.params)
