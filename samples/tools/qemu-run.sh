#!/usr/bin/env bash
# qemu-run.sh USERPROG.asm [extra nasm options...]
# Assemble minios with one user program and boot it on QEMU, the reference
# machine. The console output (port 0xE9) goes to stdout; the exit status is
# QEMU's: (value written to port 0xF4 << 1) | 1, or 124 on timeout.
# Environment: TIMEOUT (seconds, default 20), KEEP_IMAGE=path to keep the image.
set -euo pipefail
if [ $# -lt 1 ]; then
    echo "usage: $0 samples/user/PROGRAM.asm [nasm options, e.g. -dPIT_DIVISOR=1193]" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")/.." && pwd)"           # samples/
prog="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
name="$(basename "$prog" .asm)"
# USER_PROGRAM is %included by samples/minios/kernel.asm, so the path is
# written relative to samples/minios/ (NASM finds it through -I samples/minios/,
# the RingScope assembler relative to kernel.asm), e.g. "../user/hello.asm".
rel="$(realpath --relative-to="$here/minios" "$prog")"
img="${KEEP_IMAGE:-$(mktemp /tmp/minios-$name.XXXXXX.img)}"
trap '[ -z "${KEEP_IMAGE:-}" ] && rm -f "$img"' EXIT
nasm -f bin -I "$here/minios/" -I "$here/user/" -dUSER_PROGRAM="\"$rel\"" "$@" \
    "$here/minios/kernel.asm" -o "$img"
status=0
timeout "${TIMEOUT:-20}" qemu-system-i386 -kernel "$img" -debugcon stdio -display none \
    -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 -serial none -monitor none \
    </dev/null || status=$?
exit "$status"
