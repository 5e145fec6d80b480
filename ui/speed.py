"""Process-wide speed for Streamlit's rerun loop. Nothing here is per session or holds anyone's data."""

import gc
import threading

import nn

_frozen = False
_warm = threading.Lock()
_warmed = False


def warm_kernel():
    """Once per process, before the first page is drawn: compile or load the training kernel (nn.warm_up).

    From numba's on-disk cache this takes a fraction of a second; a fresh checkout compiles once, for
    a few seconds, at the first visit after the server starts rather than at someone's click.
    """
    global _warmed
    with _warm:
        if not _warmed:
            nn.warm_up()
            _warmed = True


def freeze_long_lived():
    """Once per process: take the objects alive now out of the garbage collector's rounds.

    Streamlit runs a full garbage collection after every script run (`runner.postScriptGC`) while
    holding the GIL, so a run's last messages wait for it. With plotly, pandas and numpy loaded,
    that pass took 60-90 ms of every click. What is alive after the first run (modules, plotly's
    and pandas' tables) lives as long as the process, so `gc.freeze()` moves it aside and the pass
    then takes a few ms. Frozen objects are still freed by reference counting as usual; only a
    reference cycle among them would outlive its use, and these are the process's own objects.
    """
    global _frozen
    if not _frozen:
        gc.freeze()
        _frozen = True
