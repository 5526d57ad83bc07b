; multiboot.asm - the header a Multiboot loader looks for.
; Multiboot spec 0.6.96, 3.1: within the first 8 KiB of the file, 4-byte
; aligned. We are a flat binary, not ELF, so flag bit 16 (the "a.out kludge")
; tells the loader where to put us by itself: load the file at load_addr,
; zero memory up to bss_end_addr, jump to entry_addr.

MB_MAGIC        equ 0x1BADB002
MB_FLAGS        equ 0x00010000          ; bit 16: address fields below are valid
MB_BOOT_MAGIC   equ 0x2BADB002          ; what the loader leaves in EAX (spec 3.2)

multiboot_header:
        dd MB_MAGIC
        dd MB_FLAGS
        dd -(MB_MAGIC + MB_FLAGS)       ; checksum: the three fields sum to 0
        dd multiboot_header             ; header_addr
        dd KERNEL_BASE                  ; load_addr: where file offset 0 goes
        dd image_end                    ; load_end_addr
        dd BSS_END                      ; bss_end_addr
        dd start                        ; entry_addr
