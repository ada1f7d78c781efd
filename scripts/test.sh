#!/usr/bin/env bash
# Installs everything (see install.sh), then runs the linters, the type checker and the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --test
python3 -m ruff check src tests bench
python3 -m mypy
python3 -m pytest -q "$@"
