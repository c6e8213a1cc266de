#!/usr/bin/env python3
"""Sums a JFR recording's allocation samples of box classes (Long, Double, Integer, ...) by the
frame that allocated them, to check that a benchmark's per-element path boxes nothing.

    CHRONON_CDS=off CHRONON_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/x.jfr,settings=profile" \
        java -cp bench/target/benchmarks.jar org.chrononbeam.bench.backfill.JoinBackfillBenchmark ...
    jfr print --events jdk.ObjectAllocationSample /tmp/x.jfr > /tmp/x-alloc.txt
    python3 bench/scripts/jfr_boxes.py /tmp/x-alloc.txt
"""
import collections
import re
import sys

BOXES = {
    "java.lang.Long", "java.lang.Double", "java.lang.Integer", "java.lang.Float",
    "java.lang.Short", "java.lang.Byte", "java.lang.Boolean",
    "org.chrononbeam.aggregator.ops.TimedValue",
}
UNITS = {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}


def main(path):
    samples = open(path).read().split("jdk.ObjectAllocationSample {")[1:]
    total = boxes = ours = 0.0
    sites = collections.Counter()
    for sample in samples:
        cls = re.search(r"objectClass = (\S+)", sample).group(1)
        amount, unit = re.search(r"weight = ([\d.]+) (bytes|kB|MB|GB)", sample).groups()
        weight = float(amount) * UNITS[unit]
        total += weight
        if cls not in BOXES:
            continue
        boxes += weight
        frames = [f.split("(")[0] for f in re.findall(r"^\s{4}(\S[^\n]*?)(?: line: \d+)?$", sample, re.M)
                  if f != "..." and not f.startswith("stackTrace")]
        project = [f for f in frames if "chrononbeam" in f]
        if project:
            ours += weight
        sites[(cls, frames[1] if len(frames) > 1 else "?", project[0] if project else "-")] += weight
    print("allocated %.2f GB; boxes %.4f GB (%.3f%%); boxes under project code %.4f GB"
          % (total / 1e9, boxes / 1e9, boxes * 100 / max(total, 1), ours / 1e9))
    for (cls, caller, project), weight in sites.most_common(10):
        print("  %.4f GB %s <- %s (project frame: %s)" % (weight / 1e9, cls, caller, project))


if __name__ == "__main__":
    main(sys.argv[1])
