"""What the Spark test modules share: skipping, with the reason, where Spark cannot run."""

from __future__ import annotations

import os
import shutil

import pytest


def require_spark() -> None:
    """Skip the calling test module when pyspark or a Java runtime is missing."""
    pytest.importorskip("pyspark", reason="pyspark not installed (pip install -e '.[spark]')")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip(
            "no Java runtime for Spark (apt-get install -y openjdk-17-jre-headless)",
            allow_module_level=True,
        )
