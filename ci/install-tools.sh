#!/usr/bin/env bash
# Installs the tools the test suite needs beyond a JDK 17 and Maven, where they are missing.
# Today that is the Thrift compiler 0.17 (Debian: thrift-compiler), used only to check that the
# checked-in generated model classes match the IDL. Servers used by tests (Kafka, the Bigtable
# emulator, the MongoDB wire-protocol server) start inside the test JVM from Maven artifacts.
set -euo pipefail

need() { ! command -v "$1" >/dev/null 2>&1; }

missing=()
need thrift && missing+=(thrift-compiler)
need java && missing+=(openjdk-17-jdk-headless)
need mvn && missing+=(maven)

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "install-tools: apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "install-tools: please install: ${missing[*]} (Debian package names)" >&2
    exit 1
  fi
fi
