"""What the network remembers of its training: the loss and every weight, epoch by epoch.

Every epoch up to `DENSE` (10,000) is kept. Past that, epochs are kept on a grid whose
step doubles whenever more than `SPARSE` (10,000) of them would be kept, so a run of a
million epochs keeps about 20,000 samples; epoch 0 and the latest epoch are always kept.
Outputs are not stored: they follow from the weights, and `outputs()` recomputes them for
every kept epoch at once, which keeps a pickled network small however many people it has.
"""

import numpy as np

DENSE = 10_000
SPARSE = 10_000


class History:
    """Recorded epochs (k,), loss (k,) and flat parameters (k, size), oldest first."""

    def __init__(self, layout, X, y, params):
        self.layout, self.X, self.y = layout, X, y
        self.stride = 1
        self.epochs = np.zeros(1, dtype=np.int64)
        self.params = np.array(params, dtype=float).reshape(1, -1)
        self.loss = self._loss(self.params)

    def __len__(self):
        return len(self.epochs)

    def __repr__(self):
        return f"History({len(self)} samples, epochs {self.epochs[0]}..{self.epochs[-1]}, stride {self.stride})"

    def _loss(self, params):
        """Return the loss (k,) for a stack of parameter vectors (k, size)."""
        _, output = self.layout.feedforward(self.X, params)
        return np.sum((self.y - output) ** 2, axis=(-2, -1))

    def outputs(self, rows=None):
        """Return every person's output at every kept epoch, shape (k, n); or only at samples `rows`."""
        _, output = self.layout.feedforward(self.X, self.params if rows is None else self.params[rows])
        return output[..., 0]

    def weights(self):
        """Return (weights1 (k, 4, h), weights2 (k, h, 1), bias1, bias2) at every kept epoch."""
        return self.layout.split(self.params)

    def extend(self, first_epoch, params, loss):
        """Add epochs first_epoch.. with their params (m, size) and loss (m,), then thin."""
        epochs = first_epoch + np.arange(len(params), dtype=np.int64)
        self.epochs, self.params, self.loss = (np.concatenate([self.epochs, epochs]),
                                               np.concatenate([self.params, params]),
                                               np.concatenate([self.loss, loss]))
        self._thin()

    def _thin(self):
        """Keep the dense start, the sparse grid past it, and the latest epoch."""
        e = self.epochs
        while np.count_nonzero((e > DENSE) & (e % self.stride == 0)) > SPARSE:
            self.stride *= 2
        keep = (e <= DENSE) | (e % self.stride == 0)
        keep[-1] = True
        if not keep.all():
            self.epochs, self.params, self.loss = e[keep], self.params[keep], self.loss[keep]

    def at(self, epoch):
        """Return the index of the kept sample nearest to epoch (at or before it)."""
        return max(int(np.searchsorted(self.epochs, epoch, side="right")) - 1, 0)
