"""Build time and size of the Landscape and "What has it learned?" figures, at their biggest.

Run: python bench/views.py            (about a minute, most of it training the networks)
For each network, the median of 30 builds of each view: the numbers (nn.landscape, the kernel) and
the go.Figure (ui.figures), then the figure's JSON, the payload Streamlit sends to the browser.
The targets: each figure builds in at most 100 ms and weighs at most 300 KB.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from nn import FEATURES, JAMES, Network, People, warm_up  # noqa: E402
from nn import landscape as scapes  # noqa: E402
from ui import figures  # noqa: E402

RUNS = 30


def median_ms(build):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        result = build()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def networks():
    series = Network()
    series.train(1_000_000)
    rng = np.random.default_rng(1)
    people = People([f"person {i}" for i in range(100)], rng.uniform(0, 1, (100, 4)), rng.uniform(0, 1, 100))
    big = Network(people, hidden=8, bias=True, rule="exact", learning_rate=0.1)
    big.train(100_000)
    return {"series, 1,000,000 epochs": series, "100 people, width 8, bias, 100,000 epochs": big}


def main():
    warm_up()
    for label, net in networks().items():
        pair = scapes.default_pair(net.layout)
        views = {f"landscape ({view})": lambda net=net, pair=pair, view=view: figures.landscape(
            scapes.landscape(net, *pair, view)) for view in scapes.VIEWS}
        views["what has it learned"] = lambda net=net: figures.learned(scapes.learned(net, others=[JAMES]), FEATURES)
        for name, build in views.items():
            build_ms, fig = median_ms(build)
            json_ms, payload = median_ms(fig.to_json)
            print(f"{label:45} {name:22} build {build_ms:6.1f} ms   to JSON {json_ms:5.1f} ms   "
                  f"{len(payload) / 1000:6.1f} KB")


if __name__ == "__main__":
    main()
