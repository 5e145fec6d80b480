"""Engine v2: one arithmetic, the same bits compiled or not, under any BLAS, in the exported script;
a history whose bands hold every epoch; the exact lowest loss."""

import ast
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from nn import Network, People, diagnose, kernel, recipes
from nn.history import DENSE

ROOT = Path(__file__).resolve().parent.parent

# The configurations the issue names, each with the epochs it is checked at. (Name, epochs, code.)
CONFIGS = {
    "default": "Network()",
    "tanh3": "Network(hidden=3, activation='tanh', bias=True)",
    "wide": "Network(People([f'p{i}' for i in range(100)], *_data()), hidden=8, activation='relu', bias=True, "
            "learning_rate=0.05)",
    "lr3": "Network(learning_rate=3.0)", "lr5": "Network(learning_rate=5.0)", "lr10": "Network(learning_rate=10.0)",
}
FULL = {"default": 1_000_000, "tanh3": 100_000, "wide": 20_000, "lr3": 2_000, "lr5": 2_000, "lr10": 2_000}

PROBE = """
import sys
import numpy as np
from nn import Network, People
def _data():
    rng = np.random.default_rng(7)
    return rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100)
for name, code, epochs in [{cases}]:
    net = eval(code)
    net.train(epochs)
    print(name, epochs, net.fingerprint, repr(net.loss), net.best)
"""


def probe(cases, **env):
    """Run the cases in a fresh Python with the given environment; return its printed lines."""
    text = PROBE.replace("{cases}", ", ".join(f"({n!r}, {CONFIGS[n]!r}, {e})" for n, e in cases))
    out = subprocess.run([sys.executable, "-c", text], capture_output=True, text=True, timeout=600, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.splitlines()


def test_no_blas_and_no_vector_maths_in_the_engine():
    """The one arithmetic: no dot/matmul/@, no numpy exp or tanh, no scipy, in the code of nn/."""
    banned = {"dot", "matmul", "exp", "tanh", "einsum", "inner", "vdot", "tensordot", "expit"}
    for path in (ROOT / "nn").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "np":
                assert node.attr not in banned, f"np.{node.attr} in {path.name}"
            assert not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult)), f"@ in {path.name}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [getattr(node, "module", None) or ""] + [a.name for a in node.names]
                assert not any(name.startswith("scipy") for name in names), path.name


def test_same_bits_under_every_openblas_core_type():
    """BLAS is out of the arithmetic, so forcing another OpenBLAS kernel changes nothing."""
    cases = list(FULL.items())
    types = ["", "Prescott", "SandyBridge", "Haswell", "Zen"]
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda t: probe(cases, OPENBLAS_CORETYPE=t) if t else probe(cases), types))
    for coretype, lines in zip(types[1:], runs[1:], strict=True):
        assert lines == runs[0], coretype


def test_same_bits_compiled_and_as_plain_python():
    """NUMBA_DISABLE_JIT=1 runs the very same source as plain Python; it must end on the same bits.

    Plain Python takes about 30 us an epoch at the series' size and 4 ms at 100 people x width 8, so the
    series' network runs 200,000 epochs here (past the dense history and through several thinnings of the
    rest), tanh3 30,000 and the wide one 2,000; bench/same_bits.py runs them to full length.
    """
    groups = [[("default", 200_000)], [("tanh3", 30_000), ("wide", 2_000), ("lr3", 2_000),
                                       ("lr5", 2_000), ("lr10", 2_000)]]
    with ThreadPoolExecutor(2) as pool:
        plain = list(pool.map(lambda cases: probe(cases, NUMBA_DISABLE_JIT="1"), groups))
    compiled = probe([case for group in groups for case in group])
    assert [line for lines in plain for line in lines] == compiled


def test_the_exported_script_ends_on_the_apps_bits_in_every_named_configuration(tmp_path):
    env = {"PYTHONPATH": str(ROOT)}
    lines = probe(list(FULL.items()))
    expected = {line.split()[0]: line.split()[2] for line in lines}

    def run(name):
        folder = tmp_path / name
        folder.mkdir()
        text = PROBE.replace("{cases}", f"('{name}', {CONFIGS[name]!r}, {FULL[name]})").replace(
            "    print(name", "    open('script.py', 'w').write(export.to_script(net)); print(name").replace(
            "from nn import", "from nn import export\nfrom nn import")
        subprocess.run([sys.executable, "-c", text], check=True, cwd=folder, env={**os.environ, **env},
                       capture_output=True, timeout=600)
        jit = "0" if FULL[name] > 2_000 else "1"  # long runs compile; short ones run as plain Python
        out = subprocess.run([sys.executable, "script.py"], capture_output=True, text=True, cwd=folder,
                             timeout=600, env={**os.environ, "NUMBA_DISABLE_JIT": jit})
        assert out.returncode == 0, out.stderr[-2000:]
        return name, out.stdout.splitlines()[-1].split(": ")[1]

    with ThreadPoolExecutor(2) as pool:
        printed = dict(pool.map(run, FULL))
    assert printed == expected


def test_train_n_at_once_and_one_at_a_time_end_on_identical_bits():
    a, b = Network(), Network()
    a.train(20_000)
    for _ in range(20_000):
        b.train(1)
    assert a.fingerprint == b.fingerprint and a.best == b.best
    np.testing.assert_array_equal(a.history.epochs, b.history.epochs)
    np.testing.assert_array_equal(a.history.loss_band, b.history.loss_band)
    np.testing.assert_array_equal(a.history.output_band(), b.history.output_band())


def per_epoch(net, epochs):
    """Every epoch's loss and outputs, one epoch at a time (index = epoch)."""
    loss, outputs = [net.loss], [net.output[:, 0]]
    for _ in range(epochs):
        net.train(1)
        loss.append(net.loss)
        outputs.append(net.output[:, 0])
    return np.array(loss), np.array(outputs)


@pytest.mark.parametrize("options", [{}, {"learning_rate": 3.0}])
def test_every_kept_band_is_exactly_the_range_of_its_window(options):
    """The band of each sample holds every epoch's loss and outputs since the sample before, and no more."""
    net = Network(**options)
    net.train(40_000)  # the series' rule swings from about epoch 15,400; the grid's step has doubled by now
    loss, outputs = per_epoch(Network(**options), 40_000)
    h = net.history
    assert h.stride > 1
    low, high = h.loss_band
    out_low, out_high = h.output_band()
    for i in range(1, len(h)):
        window = slice(h.epochs[i - 1] + 1, h.epochs[i] + 1)
        assert (low[i], high[i]) == (loss[window].min(), loss[window].max())
        np.testing.assert_array_equal(out_low[i], outputs[window].min(axis=0))
        np.testing.assert_array_equal(out_high[i], outputs[window].max(axis=0))
        assert h.loss[i] == loss[h.epochs[i]]
    assert net.best == (int(np.argmin(loss)), float(loss.min()))


def test_the_band_shows_the_swing_the_kept_points_alone_would_hide():
    net = Network()
    net.train(100_000)
    low, high = net.history.loss_band
    late = net.history.epochs > 20_000
    assert np.all((high - low)[late] > 0.01)                   # each window swings by more than 0.01
    swing = diagnose.loss_swinging(net)
    assert swing is not None and swing[1] - swing[0] > 0.01
    assert diagnose.loss_swinging(Network()) is None           # at the start the loss just falls


def test_the_lowest_loss_is_exact_past_the_dense_window():
    net = Network()
    net.train(200_000)
    epoch, low = net.best
    assert DENSE < epoch and epoch not in net.history.epochs     # the grid did not keep that epoch
    replayed = Network()
    replayed.train(epoch)
    assert replayed.loss == low
    replayed.train(1)
    assert replayed.loss > low
    assert low < net.history.loss.min()                        # the kept samples alone miss it


def test_the_kernel_sigmoid_is_the_series_formula_and_never_overflows():
    for x in (-1000.0, -709.5, -30.0, 0.0, 0.5, 30.0, 1000.0):
        s = kernel.sigmoid(x)
        assert 0.0 <= s <= 1.0
        if x > -709:
            assert s == 1.0 / (1.0 + np.e ** -x) or abs(s - 1.0 / (1.0 + np.exp(-x))) < 1e-16
    assert kernel.sigmoid(-1000.0) == 0.0 and kernel.sigmoid(1000.0) == 1.0


def test_trace_numbers_are_the_training_numbers_to_the_bit():
    from nn import trace
    for options in ({}, {"hidden": 3, "bias": True, "activation": "tanh", "rule": "exact", "learning_rate": 0.3}):
        net = Network(**options)
        net.train(777)
        t = trace(net)
        np.testing.assert_array_equal(t.delta2, t.two_error * t.d_output)
        np.testing.assert_array_equal(t.delta1, t.back * t.d_layer1)
        assert t.loss == net.loss
        net.train(1)
        np.testing.assert_array_equal(t.after, net.params)


def test_a_copy_trains_without_touching_the_original():
    net = Network()
    net.train(12_000)
    before = (net.fingerprint, net.history.loss.copy(), len(net.history))
    twin = net.copy()
    twin.train(5_000)
    assert (net.fingerprint, len(net.history)) == (before[0], before[2])
    np.testing.assert_array_equal(net.history.loss, before[1])


def test_people_data_in_the_kernel_stays_the_peoples():
    people = People(["A", "B"], [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]], [0.2, 0.9])
    net = Network(people, hidden=2, bias=True)
    net.train(100)
    np.testing.assert_array_equal(net.people.X, [[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8]])
    assert recipes.recipe(net)["people"] == people.rows()


def test_look_ahead_gives_the_losses_training_would_and_changes_nothing():
    net = Network(hidden=2, bias=True, activation="tanh")
    net.train(16_000)
    before = (net.fingerprint, net.epoch, len(net.history), net.history.loss.copy())
    ahead = net.look_ahead(6)
    assert (net.fingerprint, net.epoch, len(net.history)) == before[:3]
    assert (net.history.loss == before[3]).all()
    trained = [net.loss]
    for _ in range(6):
        net.train(1)
        trained.append(net.loss)
    assert list(ahead) == trained


def test_the_kernels_own_exp_is_within_1_ulp_of_the_c_librarys_and_tanh_within_2e16():
    """nn.kernel's exp (fdlibm's, in plain IEEE operations) against math.exp on numbers across its whole range;
    its tanh, built on it, against math.tanh. The kernel keeps its own so its bits are the same everywhere."""
    import math

    from nn import kernel
    rng = np.random.default_rng(7)
    xs = np.concatenate([rng.uniform(-5, 5, 100_000), rng.uniform(-745, 709.7, 50_000),
                         rng.uniform(-1e-8, 1e-8, 1_000), [0.0, -0.0, 1e-300, 709.78, -745.0, 0.5 * math.log(2)]])
    ulps = [abs(kernel.exp(x) - math.exp(x)) / math.ulp(math.exp(x)) for x in xs.tolist()]
    assert max(ulps) <= 1.0 and 0 < sum(u > 0 for u in ulps) < len(ulps) / 5  # its own: some last bits differ
    assert kernel.exp(710.0) == math.inf and kernel.exp(-746.0) == 0.0 and math.isnan(kernel.exp(math.nan))
    assert kernel.exp(0.0) == 1.0 and kernel.exp(1.0) == 2.7182818284590455  # e, 1 ulp up, as fdlibm's gives
    ts = rng.uniform(-25, 25, 50_000).tolist() + [0.0, 1e-10, -1e-10, 22.5, -30.0]
    assert max(abs(kernel.tanh(t) - math.tanh(t)) for t in ts) <= 2.3e-16
    assert all(kernel.tanh(-t) == -kernel.tanh(t) for t in ts[:1000])
