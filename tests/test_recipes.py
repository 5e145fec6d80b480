"""A run's recipe (nn/recipes.py): replaying it rebuilds the very same network."""


import numpy as np
from helpers import varied

from nn import recipes


def test_replaying_a_recipe_rebuilds_the_same_network():
    net = varied()
    again = recipes.replay(recipes.recipe(net))
    np.testing.assert_array_equal(again.params, net.params)
    assert again.changes == net.changes and again.epoch == 500
