#!/usr/bin/env bash
# Stage 60: the Python binding (bindings/python) against the freshly built
# shared library: unittest, and pytest too when it is installed.  Each
# fixture and corpus file must give the same JSON as `planparse json`.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
export SHARED_DIR=${SHARED_DIR:-${BUILD_DIR:-$ROOT/build}-shared}
PY=/usr/bin/python3  # Debian's; a pyenv python3 on PATH may lack modules
[ -x $PY ] || PY=python3

"$ROOT/scripts/shared-build"
export PLANPARSE_LIBRARY=$SHARED_DIR/lib/libplanparse.so
export PLANPARSE_CLI=$SHARED_DIR/cli/planparse
export PYTHONDONTWRITEBYTECODE=1
cd "$ROOT/bindings/python"
$PY -m unittest discover -s tests
if $PY -c 'import pytest' 2>/dev/null; then
	$PY -m pytest -q -p no:cacheprovider tests
fi
