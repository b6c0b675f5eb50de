#!/usr/bin/env bash
# One command, fresh machine: set up the environment (and, where missing, the Debian packages
# the browser and Spark tests need), lint, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
if [ ${#need[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${need[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null) \
    || echo "could not install ${need[*]}: the tests that need them will be skipped"
fi
bash scripts/setup.sh
. .venv/bin/activate
python -m pip install --quiet -e ".[test,spark]"
ruff check src tests benchmarks scripts
ruff format --check src tests benchmarks scripts
python -m pytest -q -rs "$@"
