"""chorus: who says what about a developing news story, with evidence.

The library interface, imported on first use (``import chorus`` stays cheap)::

    from chorus import build, BuildConfig, extract_statements, Store
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_EXPORTS = {
    "build": "chorus.builder",
    "BuildConfig": "chorus.builder",
    "BuildSummary": "chorus.engines.local",
    "extract_statements": "chorus.attribution",
    "Store": "chorus.store",
    "DatabaseBusy": "chorus.store",
    "read_inputs": "chorus.ingest",
    "export_table": "chorus.report.export",
}

__all__ = [
    "BuildConfig",
    "BuildSummary",
    "DatabaseBusy",
    "Store",
    "__version__",
    "build",
    "export_table",
    "extract_statements",
    "read_inputs",
]

if TYPE_CHECKING:
    from chorus.attribution import extract_statements
    from chorus.builder import BuildConfig, build
    from chorus.engines.local import BuildSummary
    from chorus.ingest import read_inputs
    from chorus.report.export import export_table
    from chorus.store import DatabaseBusy, Store


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'chorus' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
