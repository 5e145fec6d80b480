"""Serving many learners from one process: what keeps a busy server's clicks quick.

- `turns`: one run in a process draws at a time, clicks before long jobs' redraws.
- `budget`: the server-wide budget of long jobs (at most cores less one train at once).
- `speed`: once-per-process settings (sockets that send at once, freed memory given back, a short
  garbage collection, the kernel warmed at the first visit).

Nothing here knows of a session or a page: ui/ uses it.
"""
