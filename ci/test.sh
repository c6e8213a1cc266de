#!/usr/bin/env bash
# The test command the README gives: installs what the tests need, checks generated code, then
# builds every module and runs every test (unit tests, runner smoke tests, integration tests).
# Extra arguments go to Maven, e.g. ci/test.sh -pl model -am
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
ci/install-tools.sh
ci/check-generated.sh
exec mvn -B verify "$@"
