"""The legacy route to this page: see `run_app` in ui/pages.py."""

from ui.pages import run_app

run_app()
