"""The code's own shape: functions short enough to read at a glance, or saying why not."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 40
REASON = "(Over 40 lines:"  # how a docstring says why its function is longer


def long_functions(folders=("nn", "ui", "serving")):
    """(path, name, lines) of every function over MAX_LINES lines whose docstring gives no reason."""
    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines = node.end_lineno - node.lineno + 1
                    if lines > MAX_LINES and REASON not in (ast.get_docstring(node) or ""):
                        found.append((str(path.relative_to(ROOT)), node.name, lines))
    return found


def test_no_function_in_nn_ui_or_serving_is_over_40_lines_without_saying_why():
    assert long_functions() == []


def test_the_check_finds_a_long_function_and_takes_a_reason(tmp_path, monkeypatch):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    (tmp_path / "nn").mkdir()
    (tmp_path / "nn" / "long.py").write_text(f"def long():\n{body}\n\n\ndef short():\n    return 1\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert long_functions(("nn",)) == [("nn/long.py", "long", MAX_LINES + 1)]
    (tmp_path / "nn" / "long.py").write_text(f'def long():\n    """{REASON} a table.)"""\n{body}\n')
    assert long_functions(("nn",)) == []
