"""A class's data as a teacher keeps it: the whole class as JSON, and its board as a CSV for a spreadsheet.

Both are made from classroom/store's `export` (a JSON-ready dict). In the CSV every cell a spreadsheet
would read as a formula (one that starts with =, +, -, @, a tab or a carriage return) starts with an
apostrophe instead (OWASP's rule for CSV injection), so `=HYPERLINK(...)` in a note is shown as typed.
"""

import csv
import io
import json
import time

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("post", "learner", "note", "posted (UTC)", "hidden", "epoch", "loss", "settings", "outputs",
           "challenges solved", "link")


def safe_cell(value):
    """A cell a spreadsheet shows as text: a text that starts like a formula gets an apostrophe first."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def when(seconds):
    """A moment as the export writes it: ISO 8601, in UTC."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def to_json(export):
    """The whole class as a JSON file's bytes, with each moment also written out in UTC."""
    dated = {**export, "created_utc": when(export["created"]), "expires_utc": when(export["expires"]),
             "learners": [{**learner, "joined_utc": when(learner["joined"])} for learner in export["learners"]],
             "posts": [{**post, "created_utc": when(post["created"])} for post in export["posts"]]}
    return json.dumps(dated, indent=1, ensure_ascii=False, allow_nan=False).encode()


def rows(export, base="", titles=None):
    """The board's rows, one a post, oldest first: the CSV's cells (before they are made safe). titles names
    each challenge by its key."""
    titles = titles or {}
    for post in export["posts"]:
        run = post["run"]
        outputs = ", ".join(f"{name} {value:.6f}" for name, value in zip(run.get("names", []), run.get("outputs", []),
                                                                          strict=False))
        link = run.get("link", "")
        link = base + link.removeprefix(".") if base else link
        yield (post["id"], post["learner"], post["note"], when(post["created"]), "yes" if post["hidden"] else "no",
               run.get("epoch"), run.get("loss"), run.get("label", ""), outputs,
               ", ".join(titles.get(key, key) for key in run.get("solved", {})), link)


def to_csv(export, base="", titles=None):
    """The board as a CSV file's bytes (UTF-8, with a byte-order mark so that spreadsheets read it so).
    base is the server's address, so that each run's link opens from the spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows(export, base, titles):
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode()
