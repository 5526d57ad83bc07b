#!/usr/bin/env bash
# run-qemu.sh TEST.asm: assemble a conformance test with NASM and boot it on QEMU, the
# reference machine. The console (port 0xE9) goes to stdout; the exit status is QEMU's:
# 1 after the test's DONE (0 written to isa-debug-exit), 0 when -no-reboot ends a
# triple fault, 124 on timeout. TIMEOUT (seconds, default 20), KEEP_IMAGE=path.
set -euo pipefail
if [ $# -lt 1 ]; then
    echo "usage: $0 src/test/resources/conformance/TEST.asm" >&2
    exit 2
fi
dir="$(cd "$(dirname "$0")" && pwd)"
src="$1"
img="${KEEP_IMAGE:-$(mktemp /tmp/conformance.XXXXXX.img)}"
trap '[ -z "${KEEP_IMAGE:-}" ] && rm -f "$img"' EXIT
nasm -f bin -I"$dir/" "$src" -o "$img"
status=0
# the CPU answers CPUID as RingScope's does (testing/Qemu.java CPU)
cpu="qemu32,vendor=RingScope686,model-id=RingScope teaching i686 - integer only - no FPU,level=1,xlevel=0x80000004"
cpu="$cpu,-fpu,-vme,-de,-pae,-mce,-mtrr,-pge,-mca,-pat,-pse36,-mmx,-fxsr,-sse,-sse2,+cmov"
timeout "${TIMEOUT:-20}" qemu-system-i386 -cpu "$cpu" -kernel "$img" -debugcon stdio -display none \
    -serial none -monitor none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 \
    </dev/null || status=$?
exit "$status"
