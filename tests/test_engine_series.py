"""The default network is the series' network: its published numbers, to 1e-6."""

import numpy as np
import pytest

from nn import JAMES, SERIES_PEOPLE, Network

# epoch: (outputs, loss, weights1, weights2, James) from the engine issue's reference table
REFERENCE = {
    0: ([0.596985, 0.586686, 0.590378], 0.267999, [0.25, 1.0, 0.25, 1.0], 0.5, 0.599888),
    1: ([0.628553, 0.615436, 0.619915], 0.241356, [0.268469, 1.014726, 0.258510, 1.006143], 0.665912, 0.632230),
    100: ([0.776334, 0.767994, 0.745767], 0.176306, [1.330965, 1.810253, -0.300554, 0.476369], 1.412290, 0.778698),
    400: ([0.864600, 0.828105, 0.623306], 0.068678, [2.038927, 2.621658, -4.330492, -2.971371], 3.242324, 0.874975),
    900: ([0.930052, 0.830858, 0.501521], 0.015566, [6.467209, 7.488176, -14.915909, -12.193279], 9.958888, 0.952449),
    1900: ([0.931142, 0.831000, 0.500000], 0.015102, [23.196372, 24.133533, -46.025466, -39.484921], 16.443215, 0.954433),
}
TOL = 1e-6


@pytest.fixture(scope="module")
def snapshots():
    """Train one network to 1900 and keep what it says at each reference epoch."""
    net, seen = Network(), {}
    for epoch in sorted(REFERENCE):
        net.train(epoch - net.epoch)
        seen[epoch] = (net.output[:, 0], net.loss, net.weights1[:, 0], net.weights2[0, 0],
                       net.predict([JAMES[1]])[0], net.epoch)
    return seen


@pytest.mark.parametrize("epoch", sorted(REFERENCE))
def test_reference_table(snapshots, epoch):
    outputs, loss, weights1, weights2, james = REFERENCE[epoch]
    got = snapshots[epoch]
    assert got[5] == epoch
    np.testing.assert_allclose(got[0], outputs, atol=TOL, rtol=0)
    assert got[1] == pytest.approx(loss, abs=TOL)
    np.testing.assert_allclose(got[2], weights1, atol=TOL, rtol=0)
    assert got[3] == pytest.approx(weights2, abs=TOL)
    assert got[4] == pytest.approx(james, abs=TOL)


def test_history_matches_the_reference_at_every_reference_epoch():
    net = Network()
    net.train(1900)
    outputs = net.history.outputs()
    for epoch, (expected, loss, *_rest) in REFERENCE.items():
        i = net.history.at(epoch)
        assert net.history.epochs[i] == epoch
        np.testing.assert_allclose(outputs[i], expected, atol=TOL, rtol=0)
        assert net.history.loss[i] == pytest.approx(loss, abs=TOL)


def test_series_data_is_the_series_data():
    assert SERIES_PEOPLE.names == ("Alejandra", "Bob", "Alice")
    np.testing.assert_array_equal(SERIES_PEOPLE.X, [[0.4, 0.8, 0.4, 0.3], [1.0, 0.2, 0.4, 0.3], [0.3, 0.4, 0.5, 0.4]])
    np.testing.assert_array_equal(SERIES_PEOPLE.y[:, 0], [1.0, 0.85, 0.4])


def test_alice_stays_at_one_half_without_a_bias():
    """No bias: output = sigmoid(weights2 . layer1) >= 0.5 while weights2 > 0, so Alice never gets below it."""
    net = Network()
    for _ in range(10):
        net.train(500)
        assert net.weights2[0, 0] > 0
        assert net.output[2, 0] >= 0.5
    assert net.output[2, 0] == pytest.approx(0.5, abs=1e-4)
    assert net.history.outputs()[:, 2].min() >= 0.5


def test_matches_a_verbatim_copy_of_the_series_loop_before_the_chaotic_regime():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import series_part9 as series

    theirs = series.NeuralNetwork(series.X.copy(), series.y)
    for _ in range(1500):
        theirs.feedforward()
        theirs.backprop()
    ours = Network()
    ours.train(1500)
    np.testing.assert_allclose(ours.weights1, theirs.weights1, atol=1e-9)
    np.testing.assert_allclose(ours.weights2, theirs.weights2, atol=1e-9)


def test_every_epoch_to_1900_matches_the_series_own_loop_to_1e6():
    """Outputs, loss and weights at each of the 1,901 epochs, against the verbatim series code (numpy's np.dot)."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import series_part9 as series

    theirs = series.NeuralNetwork(series.X.copy(), series.y)
    ours = Network()
    ours.train(1900)
    outputs, loss, params = ours.history.outputs(), ours.history.loss, ours.history.params
    for epoch in range(1901):
        theirs.feedforward()  # the series' output for the weights after `epoch` epochs
        np.testing.assert_allclose(outputs[epoch], theirs.output[:, 0], atol=TOL, err_msg=f"epoch {epoch}")
        assert abs(loss[epoch] - float(np.sum((series.y - theirs.output) ** 2))) < TOL, epoch
        np.testing.assert_allclose(params[epoch], [*theirs.weights1[:, 0], theirs.weights2[0, 0]], atol=TOL)
        theirs.backprop()
