#!/usr/bin/env bash
# check-all.sh [nasm options...]
# Run every samples/user/*.asm and samples/bench/*.asm on QEMU and compare
# its console output with the program's `; expect: ...` lines (one line of
# output each, in order, the whole output). Prints PASS/FAIL per sample;
# exits 1 if any failed. bench/workload.asm is skipped: it never ends (the
# bench command stops it after a fixed number of instructions).
# RUNS=n runs each sample n times (all runs must match: the output must not
# depend on timing). Extra arguments go to nasm, e.g. -dPIT_DIVISOR=1193.
set -uo pipefail
tools="$(cd "$(dirname "$0")" && pwd)"
user="$(cd "$tools/../user" && pwd)"
bench="$(cd "$tools/../bench" && pwd)"
runs="${RUNS:-1}"
failed=0
for prog in "$user"/*.asm "$bench"/*.asm; do
    name="$(basename "$prog" .asm)"
    if [ "$(dirname "$prog")" = "$bench" ]; then
        [ "$name" = workload ] && continue
        name="bench/$name"
    fi
    expected="$(sed -n 's/^; expect: \{0,1\}//p' "$prog")"
    if [ -z "$expected" ]; then
        echo "FAIL $name (no ; expect: lines)"
        failed=1
        continue
    fi
    ok=1
    for run in $(seq 1 "$runs"); do
        actual="$("$tools/qemu-run.sh" "$prog" "$@" 2>&1)"
        if [ "$actual" != "$expected" ]; then
            ok=0
            echo "FAIL $name (run $run)"
            diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") \
                | sed 's/^/    /' | head -20
            break
        fi
    done
    if [ "$ok" = 1 ]; then echo "PASS $name"; else failed=1; fi
done
exit "$failed"
