#!/usr/bin/env bash
# Regenerates the Java classes of the config model from chronon.thrift.
# Needs the Thrift compiler 0.17 (Debian: apt-get install thrift-compiler), matching libthrift.
# Usage: model/src/main/thrift/generate.sh [OUT_DIR]   (default: model/src/main/thrift-gen)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-"$here/../thrift-gen"}
version=$(thrift --version | awk '{print $3}')
case "$version" in
  0.17.*) ;;
  *) echo "generate.sh: need thrift 0.17.x (libthrift is 0.17), found '$version'" >&2; exit 1 ;;
esac
rm -rf "$out"
mkdir -p "$out"
thrift --gen java:generated_annotations=suppress -out "$out" "$here/chronon.thrift"
