"""Play: the server trains ahead in chunks, and the browser shows every chunk's frames at the screen's rate.

    play = Play(net, speed=60)           # epochs a second the learner asked for
    chunk = play.next_chunk(net.epoch)   # frames for the next CHUNK_SECONDS of animation
    play.network_at(1234)                # the network at an epoch the browser showed (Pause)

A frame is one real epoch, with the kernel's own numbers at it: the loss, each person's output and
every weight, plus the lowest and highest loss over the epochs since the frame before (so a chart can
shade what the loss did between frames). At most FRAME_RATE frames a second: a faster speed keeps one
epoch in every `stride`. Nothing here is interpolated, and `network_at` rebuilds the network at any
epoch a chunk covered with the very bits training reached there (it trains again from the chunk's start).
"""

import math

import numpy as np

from . import kernel
from .activations import RULES

SPEEDS = (1, 5, 20, 60, 200, 1000, 10_000)  # epochs a second the learner can choose
DEFAULT_SPEED = 60        # epoch 1,900, where the series stopped, in about 30 s
FRAME_RATE = 60           # frames a second at most: a screen's usual rate
CHUNK_SECONDS = 2.0       # animation each chunk holds; the browser asks for the next one a second before the end
KEPT_CHUNKS = 3           # chunk starts kept to rebuild an epoch shown (the browser shows at most the last two)


def stride(speed):
    """Return the epochs between two frames at `speed` epochs a second: one frame per epoch up to FRAME_RATE."""
    return max(1, math.ceil(speed / FRAME_RATE))


class Play:
    """One Play of one network: the chunks sent so far, and the network at the start of each."""

    def __init__(self, net, speed=DEFAULT_SPEED):
        if speed not in SPEEDS:
            raise ValueError(f"speed must be one of {', '.join(map(str, SPEEDS))} epochs a second, got {speed!r:.20}")
        self.speed, self.stride = speed, stride(speed)
        self.ahead = net.copy()                  # the network at the end of the last chunk made
        self.starts = [(net.epoch, net.copy())]  # (epoch, network) at the start of each recent chunk
        self.chunks = 0

    def __repr__(self):
        return f"Play(speed={self.speed}, stride={self.stride}, ahead at epoch {self.ahead.epoch}, chunks={self.chunks})"

    @property
    def ended(self):
        """Return True once the network can train no further (it diverged or reached its last epoch)."""
        from .network import MAX_EPOCHS
        return self.ahead.diverged or self.ahead.epoch >= MAX_EPOCHS

    def network_at(self, epoch):
        """Return a copy of the network at `epoch`, which a chunk made so far covers; bits as training made them."""
        if epoch == self.ahead.epoch:
            return self.ahead.copy()
        usable = [(e, net) for e, net in self.starts if e <= epoch <= self.ahead.epoch]
        if not usable:
            raise ValueError(f"epoch {epoch:,} is not in what this Play made "
                             f"(epochs {self.starts[0][0]:,} to {self.ahead.epoch:,})")
        start, net = usable[-1]
        net = net.copy()
        net.train(epoch - start)
        return net

    def next_chunk(self, after):
        """Return the frames that follow epoch `after` (the last one the browser holds), as a dict for JSON.

        Asked again for the same epoch (a request repeated after a lost answer), it makes the same chunk.
        """
        if after != self.ahead.epoch:
            self._restart_at(after)
        net, count = self.ahead, self._count()
        self.starts = [*self.starts, (net.epoch, net.copy())][-KEPT_CHUNKS:]
        lay, start = net.layout, net.epoch
        params = net.params
        out = {"loss": np.zeros(count), "low": np.zeros(count), "high": np.zeros(count),
               "outputs": np.zeros((count, len(net.people))), "params": np.zeros((count, lay.size))}
        done = kernel.frames(net.history.X, net.history.y, params, lay.hidden, lay.bias, lay.code,
                             RULES.index(net.rule), net.learning_rate, count, self.stride,
                             out["loss"], out["low"], out["high"], out["outputs"], out["params"])
        net.train(count * self.stride)  # the network itself, with its history: it stops where frames stopped
        self.chunks += 1
        chunk = {"start": start, "stride": self.stride, "speed": self.speed,
                 "epochs": [start + (f + 1) * self.stride for f in range(done)],
                 **{key: value[:done].tolist() for key, value in out.items()}}
        if done < count and net.epoch > (chunk["epochs"] or [start])[-1]:
            self._last_frame(chunk, net)  # the epochs before a divergence that filled no whole frame
        chunk["end"] = done < count or self.ended
        return chunk

    def _count(self):
        """Frames in the next chunk: CHUNK_SECONDS of animation, never past the network's last epoch."""
        from .network import MAX_EPOCHS
        wanted = max(1, math.ceil(CHUNK_SECONDS * self.speed / self.stride))
        room = (MAX_EPOCHS - self.ahead.epoch) // self.stride
        return max(0, min(wanted, room))

    def _restart_at(self, epoch):
        """Make the network at `epoch` the one to go on from (the browser holds less than was made)."""
        self.ahead = self.network_at(epoch)
        self.starts = [(e, net) for e, net in self.starts if e < epoch]

    @staticmethod
    def _last_frame(chunk, net):
        """Add the network's own epoch as a last, shorter frame (it stopped before a whole frame)."""
        low, high = net.history.loss_band
        since = chunk["epochs"][-1] if chunk["epochs"] else chunk["start"]
        window = (net.history.epochs > since)
        chunk["epochs"].append(net.epoch)
        chunk["loss"].append(net.loss)
        chunk["low"].append(float(np.min(low[window])) if window.any() else net.loss)
        chunk["high"].append(float(np.max(high[window])) if window.any() else net.loss)
        chunk["outputs"].append(net.output[:, 0].tolist())
        chunk["params"].append(net.params.tolist())


def kernel_of(net):
    """Return what the browser's kernel (ui/kernel.js) needs to train the network on from where it is, as JSON
    data: its people X and truth y as the kernel has them, every weight, the options in the kernel's numbers,
    and `left`, the epochs it may still train (0 once it diverged).

    The bar trains a press in the browser the moment it is pressed and paints that epoch, with the very bits
    the server's training reaches (tests/browser/test_kernel_js.py), while the server trains it too.
    """
    from .network import MAX_EPOCHS
    lay = net.layout
    return {"X": net.history.X.tolist(), "y": net.history.y.tolist(), "params": net.params.tolist(),
            "hidden": lay.hidden, "bias": lay.bias, "activation": lay.code, "rule": RULES.index(net.rule),
            "learningRate": net.learning_rate, "left": 0 if net.diverged else MAX_EPOCHS - net.epoch}
