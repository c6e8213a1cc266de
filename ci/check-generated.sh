#!/usr/bin/env bash
# Fails when model/src/main/thrift-gen differs from what the IDL generates.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
"$root/model/src/main/thrift/generate.sh" "$fresh"
if ! diff -r -q "$fresh" "$root/model/src/main/thrift-gen" >/dev/null; then
  diff -r "$fresh" "$root/model/src/main/thrift-gen" | head -40 >&2
  echo "check-generated: model/src/main/thrift-gen is out of date; run model/src/main/thrift/generate.sh" >&2
  exit 1
fi
echo "check-generated: thrift-gen matches chronon.thrift"
