"""The arithmetic of training, one number at a time, in one fixed order: the same bits everywhere.

Every number the playground shows comes from these functions: the hot loop of `train`, the
By-hand trace, every output and loss, and the exported script (which carries this very source).
They use explicit loops and scalar maths only. Nothing goes through BLAS or numpy's vector
maths, whose results depend on the CPU, and not the C library's exp or tanh, whose last bits differ
between C libraries: `exp` here is the kernel's own (fdlibm's, in plain IEEE operations), the sigmoid
is 1 / (1 + exp(-x)) and `tanh` is built on the same exp. A sum always runs person by person, feature
by feature, from 0.0.

numba compiles each function (`njit`: nogil, so other learners' sessions keep running, cache
on disk, fastmath off so no operation is fused or reordered). Without numba, or with
NUMBA_DISABLE_JIT=1, the same source runs as plain Python and gives identical bits.

Names follow the series: `feedforward` fills `layer1` and `output`; `backprop` fills the
d_weights, as one flat vector `d_params` in the order of `nn.layout` (weights1 row by row,
weights2, then bias1 and bias2). Per-person arrays lead with the person: X (n, 4), y (n,).
"""

import math
import os
import tempfile

import numpy as np


def _cache_folder():
    """Return True if numba can keep its compiled kernel on disk, pointing it at a folder it can write if need be.

    numba caches next to this file, or in the user's cache folder. On a read-only install (a container, a
    school server, a system-wide pip install) with no writable home there is neither, and numba would raise
    at import ("no locator available"). Then it caches in a folder of this user's own in the temp folder;
    and where nothing can be written at all, it compiles at each start without caching.
    """
    import numba

    if numba.config.CACHE_DIR:  # NUMBA_CACHE_DIR, the operator's choice
        return True
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__")
    home = os.path.join(os.path.expanduser("~"), ".cache")
    if _writable(here) or _writable(home):
        return True
    folder = os.path.join(tempfile.gettempdir(), f"happiness-net-numba-{os.getuid() if hasattr(os, 'getuid') else 0}")
    if _writable(folder, own=True):
        numba.config.CACHE_DIR = folder
        return True
    return False


def _writable(folder, own=False):
    """Return True if files can be made in folder (made if missing); with own, only a folder of this user's."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if own and hasattr(os, "getuid") and os.stat(folder).st_uid != os.getuid():
            return False  # another user's folder: never load code from it
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


try:
    from numba import njit as _numba_njit
except ImportError:  # numba is optional: without it the same code runs as plain Python
    def njit(**_options):
        return lambda function: function
else:
    _CACHE = _cache_folder()

    def njit(**options):
        """numba's njit, caching on disk only where it can (_cache_folder)."""
        options["cache"] = options.get("cache", False) and _CACHE
        return _numba_njit(**options)

ARITHMETIC = 2                         # this kernel's arithmetic, as links and run files name it: 1 used the
# C library's exp and tanh (whose last bits differ between C libraries), 2 uses its own
SIGMOID, TANH, RELU = 0, 1, 2          # the hidden layer's activation (the output is always a sigmoid)
SERIES, EXACT = 0, 1                   # the derivative rule
DENSE = 10_000                         # every epoch up to this one is kept in the history
SPARSE = 5_000                         # at most this many kept samples past DENSE
NO_BEST = 1.0e308                      # "no lowest loss yet"

# state[...] of a history, shared with nn.history
EPOCH, COUNT, STRIDE, N_DENSE, BEST_EPOCH, DIVERGED = range(6)


# The kernel's own exp: fdlibm's (Sun, 1993), which glibc, musl and JavaScript engines once shared, in plain
# IEEE operations (+, -, *, / and a scaling by a power of two), so its bits are the same on every machine,
# under every C library, compiled or not, and in a port to JavaScript.
LN2_HI = 6.93147180369123816490e-01    # ln 2 in two parts: k * LN2_HI is exact for every k exp uses
LN2_LO = 1.90821492927058770002e-10
INV_LN2 = 1.44269504088896338700e+00
EXP_P1 = 1.66666666666666019037e-01    # a polynomial for r (e^r + 1) / (e^r - 1) on [-ln2 / 2, ln2 / 2]
EXP_P2 = -2.77777777770155933842e-03
EXP_P3 = 6.61375632143793436117e-05
EXP_P4 = -1.65339022054652515390e-06
EXP_P5 = 4.13813679705723846039e-08
EXP_MAX = 7.09782712893383973096e+02   # above this e^x is too big for a float
EXP_MIN = -7.45133219101941108420e+02  # below this e^x is less than the smallest float
ROUNDER = 6755399441055744.0           # 1.5 x 2^52: adding it and taking it away rounds to a whole number
POWERS_OF_2 = np.array([math.ldexp(1.0, k) for k in range(-1022, 1024)])  # 2^-1022 to 2^1023, exactly


@njit(nogil=True, cache=True)
def exp(x):
    """Return e^x, within 1 unit in the last place (ulp) of the true value; against the C library's exp it
    differs by at most 1 ulp (tests/test_engine_kernel.py measures it).

    x = k ln 2 + r with |r| <= ln2 / 2, so e^x = 2^k e^r; e^r comes from a rational approximation in r.
    k is x / ln 2 rounded to the nearest whole number by adding and taking away 1.5 x 2^52, and 2^k is
    read from a table (an exact product): no branch on the sign, no call to the C library.
    """
    if x != x:
        return x
    if x > EXP_MAX:
        return math.inf
    if x < EXP_MIN:
        return 0.0
    if -3.725290298461914e-09 < x < 3.725290298461914e-09:  # |x| < 2^-28: e^x is 1 + x, to the last bit
        return 1.0 + x
    k = (INV_LN2 * x + ROUNDER) - ROUNDER
    hi = x - k * LN2_HI  # exact: LN2_HI ends in enough zero bits for every k
    lo = k * LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (EXP_P1 + t * (EXP_P2 + t * (EXP_P3 + t * (EXP_P4 + t * EXP_P5))))
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)  # e^r
    whole = int(k)
    if -1022 <= whole <= 1023:
        return y * float(POWERS_OF_2[whole + 1022])
    return math.ldexp(y, whole)  # the far ends: e^x is a subnormal number, or just below the largest float


@njit(nogil=True, cache=True)
def tanh(x):
    """Return tanh x = (1 - e^-2|x|) / (1 + e^-2|x|), with the sign of x, from the kernel's own exp. It is
    within 2.3e-16 of the C library's tanh (absolute; tests/test_engine_kernel.py): near 0 that is more ulps
    than the C library's, but the same bits everywhere."""
    if x != x:
        return x
    a = -x if x < 0.0 else x
    if a > 22.0:  # e^-44 is below half an ulp of 1
        t = 1.0
    elif a < 3.725290298461914e-09:  # |x| < 2^-28: tanh x is x, to the last bit
        return x
    else:
        e = exp(-2.0 * a)
        t = (1.0 - e) / (1.0 + e)
    return -t if x < 0.0 else t


@njit(nogil=True, cache=True)
def sigmoid(x):
    """Return 1 / (1 + e^-x), with the kernel's own exp. Below x = -709, e^-x is too big for a float and the
    answer is 0."""
    if x < -709.0:
        return 0.0
    return 1.0 / (1.0 + exp(-x))


@njit(nogil=True, cache=True)
def sigmoid_derivative(x):
    """Return sigmoid(x) * (1 - sigmoid(x)), as the series wrote it (sigmoid worked out once)."""
    s = sigmoid(x)
    return s * (1.0 - s)


@njit(nogil=True, cache=True)
def activate(x, activation):
    """Return the hidden neuron's output for its net input x."""
    if activation == SIGMOID:
        return sigmoid(x)
    if activation == TANH:
        return tanh(x)
    return x if x > 0.0 else 0.0


@njit(nogil=True, cache=True)
def slope(a, activation, rule):
    """Return the slope backprop uses at a neuron whose output is a.

    The series' rule applies the derivative function to the output itself (which has already
    been through the activation): sigmoid_derivative(a). The exact rule is the true slope,
    written in terms of the output: a * (1 - a) for a sigmoid, 1 - a^2 for tanh.
    """
    if activation == SIGMOID:
        if rule == SERIES:
            return sigmoid_derivative(a)
        return a * (1.0 - a)
    if activation == TANH:
        if rule == SERIES:
            t = tanh(a)
            return 1.0 - t * t
        return 1.0 - a * a
    return 1.0 if a > 0.0 else 0.0


@njit(nogil=True, cache=True)
def feedforward(X, params, hidden, bias, activation, z1, layer1, z2, output):
    """Fill z1 and layer1 (n, hidden), z2 and output (n,) for the people X (n, 4).

    The series: layer1 = sigmoid(np.dot(X, weights1)); output = sigmoid(np.dot(layer1, weights2)).
    """
    for i in range(X.shape[0]):
        total2 = 0.0
        for k in range(hidden):
            total1 = 0.0
            for f in range(4):
                total1 += X[i, f] * params[f * hidden + k]
            if bias:
                total1 += params[5 * hidden + k]
            z1[i, k] = total1
            layer1[i, k] = activate(total1, activation)
            total2 += layer1[i, k] * params[4 * hidden + k]
        if bias:
            total2 += params[6 * hidden]
        z2[i] = total2
        output[i] = sigmoid(total2)


@njit(nogil=True, cache=True)
def loss_of(y, output):
    """Return the loss: the sum over people of (y - output)^2."""
    total = 0.0
    for i in range(y.shape[0]):
        error = y[i] - output[i]
        total += error * error
    return total


@njit(nogil=True, cache=True)
def backprop(X, y, params, hidden, bias, activation, rule, layer1, output, delta2, delta1, d_params):
    """Fill delta2 (n,), delta1 (n, hidden) and d_params (every d_weight) by the chain rule.

    The series: d_weights2 = np.dot(layer1.T, 2(y - output) * sigmoid_derivative(output)),
    d_weights1 = np.dot(X.T, np.dot(2(y - output) * sigmoid_derivative(output), weights2.T)
                              * sigmoid_derivative(layer1)).
    """
    for j in range(d_params.shape[0]):
        d_params[j] = 0.0
    for i in range(X.shape[0]):
        delta2[i] = 2.0 * (y[i] - output[i]) * slope(output[i], SIGMOID, rule)
        for k in range(hidden):
            delta1[i, k] = delta2[i] * params[4 * hidden + k] * slope(layer1[i, k], activation, rule)
    for i in range(X.shape[0]):
        for k in range(hidden):
            for f in range(4):
                d_params[f * hidden + k] += X[i, f] * delta1[i, k]
            d_params[4 * hidden + k] += layer1[i, k] * delta2[i]
            if bias:
                d_params[5 * hidden + k] += delta1[i, k]
        if bias:
            d_params[6 * hidden] += delta2[i]


@njit(nogil=True, cache=True)
def update(params, d_params, learning_rate, before):
    """Add learning_rate x d_params to params (keeping the old values in before); return False if any stops being finite."""
    finite = True
    for j in range(params.shape[0]):
        before[j] = params[j]
        params[j] = params[j] + learning_rate * d_params[j]
        if not math.isfinite(params[j]):
            finite = False
    return finite


@njit(nogil=True, cache=True)
def outputs_at(X, stack, hidden, bias, activation, out):
    """Fill out (k, n) with every person's output for each parameter vector of stack (k, size)."""
    n = X.shape[0]
    z1, layer1 = np.zeros((n, hidden)), np.zeros((n, hidden))
    z2, output = np.zeros(n), np.zeros(n)
    for r in range(stack.shape[0]):
        feedforward(X, stack[r], hidden, bias, activation, z1, layer1, z2, output)
        for i in range(n):
            out[r, i] = output[i]


@njit(nogil=True, cache=True)
def epoch(X, y, params, hidden, bias, activation, rule, learning_rate,
          z1, layer1, z2, output, delta2, delta1, d_params, before):
    """One epoch, the series' loop body, from the outputs of the weights now (layer1, output): backprop(),
    the weights move by learning_rate x d_weights, then feedforward() with the new weights. Return the new
    loss. If a number stops being finite, the weights go back to where they were and it returns NaN.

    `train`, `frames` and Network.look_ahead all step with this one function, so they run the same epoch.
    """
    backprop(X, y, params, hidden, bias, activation, rule, layer1, output, delta2, delta1, d_params)
    finite = update(params, d_params, learning_rate, before)
    feedforward(X, params, hidden, bias, activation, z1, layer1, z2, output)
    loss = loss_of(y, output)
    if not (finite and math.isfinite(loss)):
        for j in range(params.shape[0]):
            params[j] = before[j]
        return math.nan
    return loss


@njit(nogil=True, cache=True)
def train(X, y, params, hidden, bias, activation, rule, learning_rate, epochs,
          state, best, h_epoch, h_params, h_loss, h_low, h_high, h_out_low, h_out_high):
    """Run up to `epochs` epochs from params, recording each into the history; return the number done.

    One epoch is the series' loop body: feedforward(), backprop(), then the weights move by
    learning_rate x d_weights. After each epoch the new weights' loss and outputs are computed
    (they are the next epoch's feedforward) and recorded by `record`. `best` holds the lowest
    loss seen, at epoch state[BEST_EPOCH]. It stops early when the history's buffers are full
    or when a number stops being finite; then the weights stay at the last finite epoch and
    state[DIVERGED] is set.
    """
    n, size = X.shape[0], params.shape[0]
    z1, layer1, delta1 = np.zeros((n, hidden)), np.zeros((n, hidden)), np.zeros((n, hidden))
    z2, output, delta2 = np.zeros(n), np.zeros(n), np.zeros(n)
    d_params, before = np.zeros(size), np.zeros(size)
    feedforward(X, params, hidden, bias, activation, z1, layer1, z2, output)
    done = 0
    while done < epochs and state[COUNT] < h_epoch.shape[0] and state[COUNT] - state[N_DENSE] < h_out_low.shape[0]:
        loss = epoch(X, y, params, hidden, bias, activation, rule, learning_rate,
                     z1, layer1, z2, output, delta2, delta1, d_params, before)
        if loss != loss:  # NaN: a number stopped being finite, and the weights are back at the last epoch
            state[DIVERGED] = 1
            break
        state[EPOCH] += 1
        done += 1
        if loss < best[0]:
            best[0] = loss
            state[BEST_EPOCH] = state[EPOCH]
        record(state, params, loss, output, h_epoch, h_params, h_loss, h_low, h_high, h_out_low, h_out_high)
    return done


@njit(nogil=True, cache=True)
def record(state, params, loss, output, h_epoch, h_params, h_loss, h_low, h_high, h_out_low, h_out_high):
    """Record the epoch state[EPOCH] into the history.

    Every epoch up to DENSE is a sample of its own. Past it, samples sit on a grid of
    `stride` epochs, and the latest epoch is always a sample too: when the next epoch comes,
    a latest sample that is off the grid becomes that epoch's sample, so each sample stands
    for the window of epochs since the sample before it. A sample keeps its last epoch's
    weights and loss, and the lowest and highest loss (h_low, h_high) and outputs
    (h_out_low, h_out_high, rows from N_DENSE on) over its window, so nothing is hidden.
    """
    epoch, last = state[EPOCH], state[COUNT] - 1
    sparse = epoch > DENSE
    merge = sparse and h_epoch[last] > DENSE and h_epoch[last] % state[STRIDE] != 0
    i = last if merge else last + 1
    h_epoch[i], h_loss[i] = epoch, loss
    for j in range(params.shape[0]):
        h_params[i, j] = params[j]
    h_low[i] = min(h_low[i], loss) if merge else loss
    h_high[i] = max(h_high[i], loss) if merge else loss
    if sparse:
        row = i - state[N_DENSE]
        for p in range(output.shape[0]):
            h_out_low[row, p] = min(h_out_low[row, p], output[p]) if merge else output[p]
            h_out_high[row, p] = max(h_out_high[row, p], output[p]) if merge else output[p]
    else:
        state[N_DENSE] += 1
    if not merge:
        state[COUNT] += 1
    if state[COUNT] - state[N_DENSE] > SPARSE:
        thin(state, h_epoch, h_params, h_loss, h_low, h_high, h_out_low, h_out_high)


@njit(nogil=True, cache=True)
def thin(state, h_epoch, h_params, h_loss, h_low, h_high, h_out_low, h_out_high):
    """Double the grid's stride: each sample past DENSE that falls off the grid joins the next one's window."""
    state[STRIDE] *= 2
    first, count, stride = state[N_DENSE], state[COUNT], state[STRIDE]
    write, start = first, True
    for read in range(first, count):
        w, r = write - first, read - first
        if start:
            h_low[write], h_high[write] = h_low[read], h_high[read]
            for p in range(h_out_low.shape[1]):
                h_out_low[w, p], h_out_high[w, p] = h_out_low[r, p], h_out_high[r, p]
        else:
            h_low[write], h_high[write] = min(h_low[write], h_low[read]), max(h_high[write], h_high[read])
            for p in range(h_out_low.shape[1]):
                h_out_low[w, p] = min(h_out_low[w, p], h_out_low[r, p])
                h_out_high[w, p] = max(h_out_high[w, p], h_out_high[r, p])
        start = h_epoch[read] % stride == 0 or read == count - 1
        if start:
            h_epoch[write], h_loss[write] = h_epoch[read], h_loss[read]
            for j in range(h_params.shape[1]):
                h_params[write, j] = h_params[read, j]
            write += 1
    state[COUNT] = write


@njit(nogil=True, cache=True)
def frames(X, y, params, hidden, bias, activation, rule, learning_rate, count, stride,
           f_loss, f_low, f_high, f_outputs, f_params):
    """Run up to count x stride epochs from params (changed in place), keeping a frame every `stride` epochs.

    The same `epoch` as `train`, so a frame's numbers are the very bits training reaches at its epoch.
    Frame f (after (f + 1) x stride epochs) holds the loss f_loss[f], each person's output f_outputs[f]
    (count, n), every weight f_params[f] (count, size), and the lowest and highest loss over its `stride`
    epochs (f_low, f_high). Return the frames done: fewer than count if a number stops being finite (params are then left
    part-way; nn/play trains the network itself to that point, as `train` stops there).
    """
    n, size = X.shape[0], params.shape[0]
    z1, layer1, delta1 = np.zeros((n, hidden)), np.zeros((n, hidden)), np.zeros((n, hidden))
    z2, output, delta2 = np.zeros(n), np.zeros(n), np.zeros(n)
    d_params, before = np.zeros(size), np.zeros(size)
    feedforward(X, params, hidden, bias, activation, z1, layer1, z2, output)
    for f in range(count):
        low, high = NO_BEST, -NO_BEST
        for _ in range(stride):
            loss = epoch(X, y, params, hidden, bias, activation, rule, learning_rate,
                         z1, layer1, z2, output, delta2, delta1, d_params, before)
            if loss != loss:
                return f
            low, high = min(low, loss), max(high, loss)
        f_loss[f], f_low[f], f_high[f] = loss, low, high
        for i in range(n):
            f_outputs[f, i] = output[i]
        for j in range(size):
            f_params[f, j] = params[j]
    return count
