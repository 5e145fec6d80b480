"""The bare app plus the playground's one-time gc.freeze (ui/speed.py): a reference line, not the floor.

It shows how much of Streamlit's own per-click time is its after-run garbage collection, which the
playground shortens for itself and the bare app (the floor the target is set against) does not.
"""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ui import speed  # noqa: E402

runpy.run_path(str(HERE / "bare_app.py"))
speed.freeze_long_lived()
