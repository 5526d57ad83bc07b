#!/usr/bin/env bash
# check-all.sh [TEST.asm...]: run each conformance test (default: all) on QEMU and compare
# its console output with its `; expect:` lines. PASS/FAIL per test; exit 1 if any failed.
set -uo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
if [ $# -eq 0 ]; then set -- "$dir"/*.asm; fi
failed=0
for t in "$@"; do
    name="$(basename "$t" .asm)"
    expected="$(sed -n 's/^; expect: \{0,1\}//p' "$t")"
    if [ -z "$expected" ]; then
        echo "FAIL $name (no ; expect: lines)"; failed=1; continue
    fi
    status=0
    actual="$("$dir/run-qemu.sh" "$t" 2>&1)" || status=$?
    if [ "$status" = 124 ]; then
        echo "FAIL $name (timeout)"; failed=1
    elif [ "$actual" != "$expected" ]; then
        echo "FAIL $name"
        diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | sed 's/^/    /' | head -30
        failed=1
    else
        echo "PASS $name"
    fi
done
exit "$failed"
