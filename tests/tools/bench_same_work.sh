#!/usr/bin/env bash
# memchain-bench's M/M/1 engines do the same work: every engine it prints (the kernel, the bare
# heap, the ns-3-like loop, and ns-3 itself when built with it) handles the same number of events
# and ends with the same mean sojourn, to the last digit printed.
#   bench_same_work.sh MEMCHAIN_BENCH [EXPECTED_ENGINES]
set -euo pipefail
bench="$1"
expected="${2:-3}"
out="$("$bench" model=mm1 customers=20000 rounds=1)"
echo "$out"
echo "$out" | awk -v expected="$expected" '
    /^model=mm1 / {
        for (i = 1; i <= NF; ++i) {
            split($i, kv, "=")
            if (kv[1] == "events") events = kv[2]
            if (kv[1] == "mean_sojourn") sojourn = kv[2]
        }
        ++engines
        if (engines == 1) { first_events = events; first_sojourn = sojourn }
        else if (events != first_events || sojourn != first_sojourn) {
            print "engine " engines " differs: events=" events " mean_sojourn=" sojourn \
                  " against " first_events " and " first_sojourn > "/dev/stderr"
            bad = 1
        }
    }
    END {
        if (engines != expected) {
            print engines " engines printed, expected " expected > "/dev/stderr"
            exit 1
        }
        exit bad
    }'
