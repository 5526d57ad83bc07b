/* crt0.S - where a C program starts: the kernel enters _start in ring 3 with
 * ESP = 0x00400000, the top of the task's 4 KiB stack page. .bss is
 * already zero: the kernel mapped zeroed pages. */
        .text
        .globl  _start
        .type   _start, @function
_start:
        xorl    %ebp, %ebp          /* the outermost frame, for a debugger */
        call    main
        pushl   %eax                /* main's return value is the exit code */
        call    exit
        .size   _start, . - _start

/* A second task (pid 2), if the program defines `int task2(void)`: the
 * loader starts it at _start2 when the symbol table has task2. */
        .weak   task2
        .globl  _start2
        .type   _start2, @function
_start2:
        xorl    %ebp, %ebp
        call    task2
        pushl   %eax
        call    exit
        .size   _start2, . - _start2

        .section .note.GNU-stack, "", @progbits   /* no executable stack wanted */
