"""Why is it stuck (nn/diagnose.py): each check shows when its cause is there, and not otherwise."""


from helpers import trained

from nn import Network, diagnose


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
    assert (epoch, low) == long.best   # the lowest of every epoch, not only of the kept ones
    assert 15_000 < epoch < 16_000 and long.loss > 1.05 * low
    long.set_rule("exact")
    assert diagnose.loss_rising(long) is None
