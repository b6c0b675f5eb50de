"""The local web UI (``chorus serve``): the dossier's views plus search, filters and JSON."""

from __future__ import annotations

from chorus.web.app import create_app, serve

__all__ = ["create_app", "serve"]
