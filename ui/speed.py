"""Process-wide speed for Streamlit's rerun loop. Nothing here is per session or holds anyone's data."""

import gc

_frozen = False


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
