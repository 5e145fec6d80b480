"""The kernel's epoch in the browser (ui/kernel.js) reaches the very bits of nn/kernel.py, in Chromium: its exp
and tanh on a million inputs, configurations at random up to 100,000 epochs, and every configuration whose
fingerprint the engine's tests check (tests/test_engine_kernel.py)."""

import base64
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from nn import Network, People, kernel
from nn.activations import RULES
from tests.test_engine_kernel import CONFIGS, FULL

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent.parent
KERNEL_JS = (ROOT / "ui" / "kernel.js").read_text()


@pytest.fixture(scope="module")
def js(browser):
    """A blank page holding ui/kernel.js, served by nothing: the kernel needs no server."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>kernel</title>")
    page.add_script_tag(content=KERNEL_JS + "\nwindow.HappinessKernel = HappinessKernel;")
    yield page
    context.close()


def _data():
    """The wide configuration's 100 people (CONFIGS["wide"] calls it), as tests/test_engine_kernel.py makes them."""
    rng = np.random.default_rng(7)
    return rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100)


def bits(values):
    return np.ascontiguousarray(values, dtype="<f8").tobytes().hex()


def test_the_constants_are_the_kernels():
    """exp's constants in ui/kernel.js are nn/kernel.py's, digit for digit."""
    for name in ("LN2_HI", "LN2_LO", "INV_LN2", "EXP_P1", "EXP_P2", "EXP_P3", "EXP_P4", "EXP_P5", "EXP_MAX",
                 "EXP_MIN", "ROUNDER"):
        in_js = re.search(rf"const {name} = ([^;]+);", KERNEL_JS)
        in_py = re.search(rf"^{name} = (\S+)", (ROOT / "nn" / "kernel.py").read_text(), re.M)
        assert in_js and in_py and in_js.group(1) == in_py.group(1), name
        assert float(in_js.group(1)) == getattr(kernel, name)


def test_exp_tanh_and_sigmoid_are_the_kernels_to_the_bit(js):
    """A million inputs, over the whole range exp is finite on and its far ends (subnormal answers, overflow).
    The inputs go to the page as their bytes, and each function's answers come back as the SHA-256 of their bits."""
    rng = np.random.default_rng(2026)
    xs = np.concatenate([rng.uniform(-5, 5, 400_000), rng.uniform(-745.2, 709.8, 400_000),
                         rng.uniform(-746, -700, 100_000), rng.uniform(-40, 40, 99_990),
                         [0.0, -0.0, 1e-300, -3.7e-9, 3.8e-9, 709.78, 709.79, -745.13, -745.14, np.nan]])
    cut = 800_000  # tanh and sigmoid on the inputs from here
    want = {"exp": [kernel.exp(float(x)) for x in xs],
            "tanh": [kernel.tanh(float(x)) for x in xs[cut:]],
            "sigmoid": [kernel.sigmoid(float(x)) for x in xs[cut:]]}
    got = js.evaluate("""([base64, cut]) => {
        const text = atob(base64), xs = new Float64Array(text.length / 8), bytes = new Uint8Array(xs.buffer);
        for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);  // little-endian, as this machine's
        const hash = (f, from) => HappinessKernel.sha256(new Uint8Array(xs.subarray(from).map(f).buffer));
        return {exp: hash(HappinessKernel.exp, 0), tanh: hash(HappinessKernel.tanh, cut),
                sigmoid: hash(HappinessKernel.sigmoid, cut)};
    }""", [base64.b64encode(np.asarray(xs, "<f8").tobytes()).decode(), cut])
    for name, values in want.items():
        assert got[name] == hashlib.sha256(np.asarray(values, "<f8").tobytes()).hexdigest(), name


def run_in_js(js, net, epochs):
    """Train a copy of net for `epochs` epochs in the browser; return its {fingerprint, params, loss, best...}."""
    lay = net.layout
    return js.evaluate("""([config, epochs]) => {
        const net = HappinessKernel.network(config);
        const result = HappinessKernel.train(net, epochs);
        return {...result, fingerprint: HappinessKernel.fingerprint(net.params),
                params: HappinessKernel.hexOf(net.params), loss: HappinessKernel.hexOf([result.loss])};
    }""", [{"X": net.people.X.tolist(), "y": net.truth.tolist(), "params": net.params.tolist(),
            "hidden": lay.hidden, "bias": lay.bias, "activation": lay.code, "rule": RULES.index(net.rule),
            "learningRate": net.learning_rate}, epochs])


@pytest.mark.parametrize("name", sorted(FULL))
def test_every_engine_configuration_ends_on_the_same_bits(js, name):
    """The engine's tests' configurations, to the epochs they are checked at (the series to 1,000,000)."""
    start = eval(CONFIGS[name])
    got = run_in_js(js, start, FULL[name])
    net = start.copy()
    net.train(FULL[name])
    assert got["done"] == net.epoch == FULL[name] and not got["diverged"]
    assert (got["fingerprint"], got["params"], got["loss"]) == (net.fingerprint, bits(net.params), bits([net.loss]))
    assert got["best"] == net.best[1] and got["bestEpoch"] == net.best[0]


def random_network(rng):
    """A network with options at random: rule, activation, width, bias, people, learning rate and start."""
    n = int(rng.integers(1, 40))
    people = People([f"p{i}" for i in range(n)], rng.uniform(0, 1, (n, 4)).round(int(rng.integers(1, 4))),
                    rng.uniform(0, 1, n).round(2).reshape(-1, 1))
    return Network(people, rule=str(rng.choice(RULES)), learning_rate=float(rng.choice([0.1, 0.5, 1.0, 2.5, 7.0])),
                   bias=bool(rng.integers(2)), hidden=int(rng.integers(1, 9)),
                   activation=str(rng.choice(["sigmoid", "tanh", "relu"])), seed=int(rng.integers(1000)))


def test_random_configurations_end_on_the_same_bits(js):
    """Sixteen configurations at random, each to an epoch at random up to 100,000, or to where it diverges."""
    rng = np.random.default_rng(20261202)
    for _ in range(16):
        start = random_network(rng)
        epochs = int(rng.choice([1, 17, 1_900, 10_001, int(rng.integers(1, 100_001))]))
        epochs = min(epochs, 4_000_000 // (len(start.people) * (start.layout.hidden + 1)))  # a few seconds in JS
        got = run_in_js(js, start, epochs)
        net = start.copy()
        net.train(epochs)
        label = f"{start.options} with {len(start.people)} people, {epochs:,} epochs"
        assert got["done"] == net.epoch and got["diverged"] == net.diverged, label
        assert (got["fingerprint"], got["params"]) == (net.fingerprint, bits(net.params)), label
