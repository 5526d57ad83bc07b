#!/usr/bin/env bash
# check-ours.sh [TEST.asm...]: like check-all.sh, but on RingScope's own emulator
# (target/ringscope.jar, built with `mvn -B -q -o package -DskipTests`).
set -uo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
jar="${JAR:-$dir/../../../../target/ringscope.jar}"
if [ $# -eq 0 ]; then set -- "$dir"/*.asm; fi
failed=0
for t in "$@"; do
    name="$(basename "$t" .asm)"
    expected="$(sed -n 's/^; expect: \{0,1\}//p' "$t")"
    actual="$(java -jar "$jar" run "$t" --max-instructions 10000000 2>/tmp/ours-$name.err)"
    if [ "$actual" != "$expected" ]; then
        echo "FAIL $name ($(tail -1 /tmp/ours-$name.err))"
        diff <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | sed 's/^/    /' | head -30
        failed=1
    else
        echo "PASS $name"
    fi
done
exit "$failed"
