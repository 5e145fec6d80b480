"""What the network remembers of its training: every epoch's loss and weights, and nothing hidden.

Every epoch up to `DENSE` (10,000) is kept. Past it, samples sit on a grid whose step doubles
whenever more than `SPARSE` (5,000) of them would be kept, and the latest epoch is always kept,
so a run of a million epochs keeps about 15,000 samples. A sample past DENSE stands for the
window of epochs since the sample before it: besides its last epoch's weights and loss, it
keeps the lowest and highest loss, and each person's lowest and highest output, over that
window. When the loss swings from epoch to epoch, the chart draws that band instead of one
branch of the swing. The lowest loss of the whole run, and its epoch, are tracked exactly.

The kernel (`nn.kernel.train`) writes the samples straight into this object's buffers, which
grow as needed. Outputs at a sample follow from its weights (`outputs()`), so they are not stored.
"""

import numpy as np

from . import kernel
from .kernel import BEST_EPOCH, COUNT, DENSE, DIVERGED, EPOCH, N_DENSE, SPARSE, STRIDE

__all__ = ["DENSE", "SPARSE", "History"]
FIRST_ROWS = 256


class History:
    """Kept samples, oldest first: epochs (k,), loss (k,), params (k, size), and each window's band."""

    def __init__(self, layout, X, y, params):
        self.layout, self.X, self.y = layout, np.array(X, dtype=float), np.array(y, dtype=float).reshape(-1)
        params = np.array(params, dtype=float).reshape(-1)
        loss = kernel.loss_of(self.y, self.outputs_of(params[None, :])[0])
        self._state = np.zeros(6, dtype=np.int64)
        self._state[COUNT], self._state[STRIDE], self._state[N_DENSE] = 1, 1, 1
        self._best = np.array([loss])
        self._epoch = np.zeros(FIRST_ROWS, dtype=np.int64)
        self._params = np.zeros((FIRST_ROWS, params.size))
        self._params[0] = params
        self._loss, self._low, self._high = (np.full(FIRST_ROWS, loss) for _ in range(3))
        self._out_low, self._out_high = np.zeros((1, len(self.y))), np.zeros((1, len(self.y)))
        self.dense_outputs = np.zeros((0, len(self.y)))  # outputs at the samples up to DENSE, as far as computed

    def __len__(self):
        return int(self._state[COUNT])

    def __repr__(self):
        return f"History({len(self)} samples, epochs {self.epochs[0]}..{self.epochs[-1]}, stride {self.stride})"

    # --- what was kept ---------------------------------------------------------------
    @property
    def epochs(self):
        """Return the kept epochs (k,), rising from 0 to the latest."""
        return self._epoch[: len(self)]

    @property
    def params(self):
        """Return the flat weights at each kept epoch (k, size)."""
        return self._params[: len(self)]

    @property
    def loss(self):
        """Return the loss at each kept epoch (k,)."""
        return self._loss[: len(self)]

    @property
    def loss_band(self):
        """Return (lowest, highest) loss (k,) over each sample's window of epochs."""
        return self._low[: len(self)], self._high[: len(self)]

    @property
    def stride(self):
        """Return the step of the grid past DENSE."""
        return int(self._state[STRIDE])

    @property
    def dense_count(self):
        """Return how many samples lie at or below epoch DENSE (each one epoch, so with no band of its own)."""
        return int(self._state[N_DENSE])

    @property
    def best(self):
        """Return (epoch, loss) of the lowest loss over every epoch of the run."""
        return int(self._state[BEST_EPOCH]), float(self._best[0])

    def outputs_of(self, stack):
        """Return every person's output (k, n) for a stack of flat weights (k, size)."""
        stack = np.ascontiguousarray(stack, dtype=float)
        out = np.zeros((len(stack), len(self.y)))
        lay = self.layout
        kernel.outputs_at(self.X, stack, lay.hidden, lay.bias, lay.code, out)
        return out

    def outputs(self, rows=None):
        """Return every person's output at every kept epoch (k, n); or only at samples `rows`."""
        return self.outputs_of(self.params if rows is None else self.params[rows])

    def output_band(self):
        """Return (lowest, highest) output of each person (k, n) over each sample's window of epochs.

        A sample up to DENSE is one epoch, so its band is its output; those outputs never change
        once recorded, so they are computed once and kept (shared by copies).
        """
        dense, cache = self.dense_count, self.dense_outputs
        if len(cache) < dense:
            cache = self.dense_outputs = np.concatenate([cache, self.outputs(np.arange(len(cache), dense))])
        sparse = len(self) - dense
        return (np.concatenate([cache[:dense], self._out_low[:sparse]]),
                np.concatenate([cache[:dense], self._out_high[:sparse]]))

    def weights(self):
        """Return (weights1 (k, 4, h), weights2 (k, h, 1), bias1, bias2) at every kept epoch."""
        return self.layout.split(self.params)

    def at(self, epoch):
        """Return the index of the kept sample nearest to epoch (at or before it)."""
        return max(int(np.searchsorted(self.epochs, epoch, side="right")) - 1, 0)

    # --- training writes here ------------------------------------------------------------
    def train(self, params, people_y, rule, learning_rate, epochs):
        """Run up to `epochs` epochs of the kernel from params (changed in place); return (done, diverged)."""
        lay, done = self.layout, 0
        while done < epochs and not self._state[DIVERGED]:
            self._make_room(epochs - done)
            step = kernel.train(self.X, people_y, params, lay.hidden, lay.bias, lay.code, rule,
                                learning_rate, epochs - done, self._state, self._best, self._epoch,
                                self._params, self._loss, self._low, self._high, self._out_low, self._out_high)
            if step == 0 and not self._state[DIVERGED]:
                raise RuntimeError("the history's buffers had no room for the next epoch")  # a bug, never input
            done += step
        return done, bool(self._state[DIVERGED])

    def _make_room(self, epochs):
        """Grow the buffers, once, to hold `epochs` more epochs (at least doubling, up to what the grid can hold).

        Sizing them for the whole call lets the kernel run it without coming back for room: each return
        must win the GIL back, which can take a switch interval (5 ms) when other threads are busy.
        """
        count, sparse = len(self), len(self) - self.dense_count
        if count + epochs > len(self._epoch):
            rows = min(max(count + epochs, 2 * len(self._epoch)), DENSE + SPARSE + 3)
            self._epoch, self._params, self._loss, self._low, self._high = (
                _grown(a, rows) for a in (self._epoch, self._params, self._loss, self._low, self._high))
        past_dense = max(0, self._state[EPOCH] + epochs - DENSE)
        if sparse + past_dense > len(self._out_low) and len(self._out_low) < SPARSE + 2:
            rows = min(max(sparse + past_dense, 2 * len(self._out_low)), SPARSE + 2)
            self._out_low, self._out_high = _grown(self._out_low, rows), _grown(self._out_high, rows)

    def copy(self):
        """Return an independent copy (training changes the buffers in place)."""
        twin = object.__new__(History)
        twin.__dict__.update({k: (v.copy() if isinstance(v, np.ndarray) and k.startswith("_") else v)
                              for k, v in self.__dict__.items()})
        return twin

    def __getstate__(self):
        """Pickle only the kept samples, not the buffers' spare room."""
        state = dict(self.__dict__)
        count, sparse = len(self), len(self) - self.dense_count
        for key in ("_epoch", "_params", "_loss", "_low", "_high"):
            state[key] = state[key][:count].copy()
        for key in ("_out_low", "_out_high"):
            state[key] = state[key][: max(sparse, 1)].copy()
        state["dense_outputs"] = state["dense_outputs"][:0]  # recomputed when needed
        return state

    def thin(self):
        """Merge the samples past DENSE pairwise (each band widened to hold both windows), halving them."""
        kernel.thin(self._state, self._epoch, self._params, self._loss, self._low, self._high,
                    self._out_low, self._out_high)

    @property
    def sparse_output_band(self):
        """Return (lowest, highest) outputs, each (samples past DENSE, people): each window's band."""
        sparse = len(self) - self.dense_count
        return self._out_low[:sparse].copy(), self._out_high[:sparse].copy()

    def extend(self, epochs, params, loss, low, high, out_low, out_high, stride, best):
        """Add the samples past DENSE (as read back from a run file) after the dense ones held now."""
        self.restore(np.concatenate([self.epochs, epochs]), np.concatenate([self.params, params]),
                     *(np.concatenate([a, b]) for a, b in ((self.loss, loss), (self._low[: len(self)], low),
                                                           (self._high[: len(self)], high))),
                     out_low, out_high, stride, best)

    def restore(self, epochs, params, loss, low, high, out_low, out_high, stride, best):
        """Replace every sample (as read back from a run file) and the state the kernel keeps."""
        count = len(epochs)
        self._epoch, self._params = np.array(epochs, dtype=np.int64), np.array(params, dtype=float)
        self._loss, self._low, self._high = (np.array(a, dtype=float) for a in (loss, low, high))
        dense = int(np.count_nonzero(self._epoch <= DENSE))
        shape = (max(count - dense, 1), len(self.y))
        self._out_low = np.array(out_low, dtype=float).reshape(-1, len(self.y)) if count > dense else np.zeros(shape)
        self._out_high = np.array(out_high, dtype=float).reshape(-1, len(self.y)) if count > dense else np.zeros(shape)
        self._state[:] = (int(self._epoch[-1]), count, stride, dense, best[0], 0)
        self.dense_outputs = self.dense_outputs[:0]
        self._best[0] = best[1]


def _grown(a, rows):
    """Return a with room for `rows` rows, its contents first."""
    out = np.zeros((rows, *a.shape[1:]), dtype=a.dtype)
    out[: len(a)] = a
    return out
