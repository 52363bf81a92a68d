#!/usr/bin/env bash
# Stage 50: cmake --install (shared and static), then a consumer built with
# pkg-config and with find_package(planparse) against each installed tree.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
exec "$ROOT/tests/install/run.sh"
