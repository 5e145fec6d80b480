"""The people the network learns from: names, four scores each, and their happiness.

`SERIES_PEOPLE` is the series' data (part 9, with the values parts 4-8 used).
`People` checks any other data set and says exactly what is wrong with it.
"""

from dataclasses import dataclass

import numpy as np

FEATURES = ("Money", "Relationships", "Sandwiches", "Baseline")
MAX_PEOPLE = 100
MAX_NAME = 60  # characters in a name, as the Lab's editor and the Score form allow
JAMES = ("James", (0.2, 1.0, 0.4, 0.3))


def as_scores(values, what):
    """Return values as a float array, or raise ValueError naming what is not a number."""
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be rows of equal length, got {values!r:.80}") from None
    if raw.dtype.kind == "b":
        raise ValueError(f"{what} must be numbers, not True/False")
    if raw.dtype.kind not in "iuf":
        raise ValueError(f"{what} must be numbers, got {values!r:.80}")
    return raw.astype(float)


def check_unit(arr, what):
    """Raise ValueError unless every value of arr is finite and in [0, 1]."""
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} must be finite numbers (no NaN or infinity)")
    if np.any(arr < 0.0) or np.any(arr > 1.0):
        raise ValueError(f"{what} must be between 0 and 1, got {arr.min():g} to {arr.max():g}")


@dataclass(frozen=True, eq=False)
class People:
    """A data set: names (n,), features X (n, 4) in [0, 1] and truth y (n, 1) in [0, 1]."""

    names: tuple
    X: np.ndarray
    y: np.ndarray

    def __init__(self, names, X, y):
        names = tuple(names) if not isinstance(names, str) else (names,)
        n = len(names)
        if not 1 <= n <= MAX_PEOPLE:
            raise ValueError(f"a data set needs 1 to {MAX_PEOPLE} people, got {n}")
        for i, name in enumerate(names):
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"row {i + 1}: the name is empty")
            if len(name.strip()) > MAX_NAME:
                raise ValueError(f"row {i + 1}: the name is {len(name.strip())} characters long; at most {MAX_NAME}")
        seen = {}
        for i, name in enumerate(names):
            if name.strip() in seen:
                raise ValueError(f"row {i + 1}: the name {name.strip()!r} is already used in row {seen[name.strip()] + 1}")
            seen[name.strip()] = i
        X = as_scores(X, "features")
        y = as_scores(y, "truth")
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        if X.shape != (n, len(FEATURES)):
            raise ValueError(f"features must be {n} rows of {len(FEATURES)} scores, got shape {X.shape}")
        if y.shape != (n, 1):
            raise ValueError(f"truth must be one number per person ({n}), got shape {y.shape}")
        for i in range(n):
            for j, feature in enumerate(FEATURES):
                _check_cell(X[i, j], i, names[i], feature)
            _check_cell(y[i, 0], i, names[i], "truth")
        X.setflags(write=False)
        y.setflags(write=False)
        object.__setattr__(self, "names", tuple(name.strip() for name in names))
        object.__setattr__(self, "X", X)
        object.__setattr__(self, "y", y)

    def __len__(self):
        return len(self.names)

    def __eq__(self, other):
        return (isinstance(other, People) and self.names == other.names
                and np.array_equal(self.X, other.X) and np.array_equal(self.y, other.y))

    def __repr__(self):
        return f"People({', '.join(self.names[:5])}{', ...' if len(self) > 5 else ''}; n={len(self)})"

    def rows(self):
        """Return the data as a list of dicts: name, the four features, truth."""
        return [{"name": name, **dict(zip(FEATURES, map(float, x), strict=True)), "truth": float(t)}
                for name, x, t in zip(self.names, self.X, self.y[:, 0], strict=True)]

    @classmethod
    def from_rows(cls, rows):
        """Build People from dicts with keys name, the four features and truth."""
        rows = list(rows)
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise ValueError(f"row {i + 1} must hold a name, the four scores and a truth")
            missing = [key for key in ("name", *FEATURES, "truth") if key not in row]
            if missing:
                raise ValueError(f"row {i + 1}: missing {', '.join(missing)}")
        names = [row["name"] for row in rows]
        X = [[_cell(row, i, f) for f in FEATURES] for i, row in enumerate(rows)]
        y = [_cell(row, i, "truth") for i, row in enumerate(rows)]
        return cls(names, X if rows else np.empty((0, 4)), y)


def _cell(row, i, column):
    """Return row[column] as a float, or raise ValueError naming the row and column."""
    value, where = row[column], f"row {i + 1}" + (f" ({row['name']})" if isinstance(row.get("name"), str) else "")
    if value is None or (isinstance(value, float) and value != value):
        raise ValueError(f"{where}, {column}: the cell is empty")
    if isinstance(value, bool):
        raise ValueError(f"{where}, {column}: {value!r} is not a number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}, {column}: {str(value)[:40]!r} is not a number") from None


def quoted(value):
    """Return a number as a message quotes it: short where that is exact (0.5, 30), else with every digit it
    has (1.0000001), so a message never quotes a number other than the one it refuses."""
    short = f"{value:g}"
    return short if float(short) == value else repr(float(value))


def _check_cell(value, i, name, column):
    """Raise ValueError unless value is finite and in [0, 1], naming the row and column."""
    if not np.isfinite(value):
        raise ValueError(f"row {i + 1} ({name}), {column}: {value} is not a finite number")
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"row {i + 1} ({name}), {column}: {quoted(value)} is outside 0 to 1")


SERIES_PEOPLE = People(
    ("Alejandra", "Bob", "Alice"),
    [[0.4, 0.8, 0.4, 0.3], [1.0, 0.2, 0.4, 0.3], [0.3, 0.4, 0.5, 0.4]],
    [1.0, 0.85, 0.4],
)
