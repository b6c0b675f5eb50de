#!/usr/bin/env bash
# One command, fresh machine: set up the environment, then build the bundled example corpus
# (database, exports and HTML dossier in ./chorus-demo) and print what it found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. .venv/bin/activate
chorus demo --out chorus-demo
chorus export all --db chorus-demo --out chorus-demo/export
echo "Open chorus-demo/dossier.html, or run: .venv/bin/chorus serve --db chorus-demo"
