#!/usr/bin/env bash
# build.sh [program.c ...] - build the C samples into static i386 ELF files
# for the mini OS, with the command docs/c-programs.md explains. Without
# arguments, every program here. Needs gcc with -m32 (Debian: gcc; it links
# with -nostdlib, so no 32-bit C library is needed). The .elf files are
# committed: RingScope runs them on a machine without gcc, and
# CProgramsTest rebuilds them where gcc is installed and compares the bytes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
CC="${CC:-gcc}"
CFLAGS=(-m32 -march=i686 -O2 -ffreestanding -nostdlib -static -fno-pie -no-pie
        -fno-stack-protector -fcf-protection=none -fno-asynchronous-unwind-tables
        -Wall -Wextra -Werror)
LDFLAGS=(-Wl,-T,ringscope.ld -Wl,--build-id=none)
# the programs and what each links beside the runtime
declare -A extra=([sha256.c]=sha256lib.c [workload.c]=sha256lib.c)
# no FPU is modelled: -mgeneral-regs-only, except for float.c, which shows what x87 code does here
declare -A regs=([float.c]=" ")
programs=("$@")
if [ ${#programs[@]} -eq 0 ]; then
    programs=(syscall.c nullptr.c privileged.c preempt.c sha256.c workload.c float.c)
fi
for c in "${programs[@]}"; do
    name="$(basename "$c" .c)"
    # shellcheck disable=SC2086
    "$CC" "${CFLAGS[@]}" ${regs[$c]:--mgeneral-regs-only} "${LDFLAGS[@]}" -o "$name.elf" crt0.S runtime.c \
        ${extra[$c]:-} "$c"
    echo "built $name.elf"
done
{
    "$CC" --version | head -1
    ld --version | head -1
} > built-with.txt
