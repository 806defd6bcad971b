; VMX oracle guest: a 1 MiB "BIOS" ROM for Bochs (romimage: file=...), no BIOS, no disk.
; The CPU starts at the reset vector (0xFFFFFFF0), goes to protected mode, then to long
; mode with an identity map of the first 4 GiB, prints the VMX capability MSRs and the
; host state on port 0xE9, enables VMX, and for every case of the table in the ROM:
; zeroes the case memory and the VMCS region, applies the case's memory writes, VMCLEAR,
; VMPTRLD, VMWRITEs the (encoding, value) pairs, VMLAUNCH, and reports the outcome.
; A case whose flags (bit 0) ask for a 32-bit host is launched by a VMM outside IA-32e mode:
; after the VMWRITEs, VMCLEAR and VMXOFF, leave long mode for 32-bit protected mode with PAE
; paging (the same identity map through the PDPT at PDPT32), VMXON, VMPTRLD, VMLAUNCH; its VM
; exit comes to host_entry32 (32-bit code), and either way the VMM VMXOFFs, goes back to long
; mode, VMXONs and prints the outcome as for any case. The VMCS was written in 64-bit mode, so
; its natural-width fields may still hold bits 63:32 (host RIP) that a 32-bit VMM's VMWRITE
; could not write.
; Then writes "Shutdown" to port 0x8900 (Bochs quits).
;
; Output protocol (one line each, hex without 0x unless noted):
;   MSR <index> <value>        a capability MSR that RDMSR could read (#GP ones are skipped)
;   FACT <key> <value>         CPUID facts: paw (MAXPHYADDR), la57
;   HOST <name> <value>        host CR0/CR3/CR4/EFER/PAT as they are when the cases run
;   READY                      VMXON succeeded
;   C <id>                     a case starts
;   W <encoding> <error>       a VMWRITE of the case failed (VMfailValid error, or ffff for VMfailInvalid)
;   R FAILINV                  VMLAUNCH: VMfailInvalid
;   R FAIL <error>             VMLAUNCH: VMfailValid, VM-instruction error
;   E                          the host entry point was reached (printed before it touches memory)
;   R EXIT <reason> <qual>     a VM exit (bit 31 of reason set: VM-entry failure)
;   X <vector> <rip> <err>     unexpected exception in the host
;   DONE
;
; Layout (physical): see README.md; the numbers are shared with oracle/lib/layout.js.

ROM_BASE    equ 0xFFF00000
PML4        equ 0x1000
PDPT32      equ 0xB000          ; PAE page-directory-pointer table for the 32-bit host (PDs of the identity map)
GDT_RAM     equ 0x7000
IDT_RAM     equ 0x8000
TSS_RAM     equ 0x9000
GIDT_RAM    equ 0xA000
STATE       equ 0x1FF0000       ; variables (high, away from what a wild guest may overwrite)
VMXON_PA    equ 0x10000
VMCS_PA     equ 0x11000
CASEMEM     equ 0x12000         ; case memory (bitmaps, MSR areas ...), zeroed per case
CASEMEM_END equ 0x30000
HOST_STACK  equ 0x1FE0000
TABLE       equ ROM_BASE + 0x10000

; variables
V_NEXT      equ STATE + 0x00    ; pointer to the next case
V_LEFT      equ STATE + 0x08    ; cases left
V_PROBE     equ STATE + 0x10    ; 1 while probing an MSR
V_FAULTED   equ STATE + 0x18    ; set by the #GP handler when probing
V_REV       equ STATE + 0x20    ; VMCS revision identifier
V_CR0       equ STATE + 0x28
V_CR4       equ STATE + 0x30
V_EFER      equ STATE + 0x38
V_PAT       equ STATE + 0x40
V_VMXONPTR  equ STATE + 0x48
V_VMCSPTR   equ STATE + 0x50
V_CASEID    equ STATE + 0x58
V_R32_KIND  equ STATE + 0x60    ; outcome of a 32-bit-host case: 1 exit, 2 VMfailValid, 3 VMfailInvalid, 4 VMXON failed
V_R32_A     equ STATE + 0x68    ; exit reason or VM-instruction error
V_R32_B     equ STATE + 0x70    ; exit qualification
V_FLAGS     equ STATE + 0x78    ; the case's flags

bits 64
org ROM_BASE

header:
    db 'VMXORACL'
    dq guest_entry
    dq host_entry
    dq TABLE
    dq host_entry32

times 0x80-($-$$) db 0
; ---------------------------------------------------------------- guest code
; CPUID exits unconditionally in VMX non-root operation, in every mode.
guest_entry:
    cpuid
    jmp guest_entry

times 0x100-($-$$) db 0
; ---------------------------------------------------------------- host entry (HOST_RIP)
host_entry:
    mov dx, 0xE9            ; "E": a VM exit reached the host, before anything touches memory
    mov al, 'E'
    out dx, al
    mov al, 10
    out dx, al
    mov rsp, HOST_STACK
    call restore_host
    mov eax, 'R'
    call putc
    mov eax, ' '
    call putc
    mov rsi, s_exit
    call puts
    mov eax, 0x4402
    vmread rax, rax
    call puthex
    mov eax, ' '
    call putc
    mov eax, 0x6400
    vmread rax, rax
    call puthex
    call newline
    jmp advance

times 0x200-($-$$) db 0
; ---------------------------------------------------------------- host entry of a 32-bit host
; "host address-space size" 0: CS 0x08 (32-bit code), PAE paging through HOST_CR3 (PDPT32).
bits 32
host_entry32:
    mov dx, 0xE9
    mov al, 'E'
    out dx, al
    mov al, 10
    out dx, al
    mov esp, HOST_STACK
    mov eax, 0x4402
    vmread ecx, eax
    mov [V_R32_A], ecx
    mov eax, 0x6400
    vmread ecx, eax
    mov [V_R32_B], ecx
    mov dword [V_R32_KIND], 1
    jmp to_long

; the cases' VMCS is written; launch it from 32-bit protected mode (64-bit code jumps here via compat mode)
launch32:
    mov eax, cr0                ; paging off: IA-32e mode ends
    and eax, 0x7FFFFFFF
    mov cr0, eax
    mov ecx, 0xC0000080
    rdmsr
    and eax, ~0x100
    wrmsr
    mov eax, PDPT32
    mov cr3, eax
    mov eax, cr0                ; PAE paging (CR4.PAE stays 1)
    or eax, 0x80000000
    mov cr0, eax
    vmxon [V_VMXONPTR]
    jbe .vmxonfail
    vmptrld [V_VMCSPTR]
    vmlaunch
    jc .inv
    mov eax, 0x4400
    vmread ecx, eax
    mov [V_R32_A], ecx
    mov dword [V_R32_KIND], 2
    jmp to_long
.inv:
    mov dword [V_R32_KIND], 3
    jmp to_long
.vmxonfail:
    mov dword [V_R32_KIND], 4
    jmp to_long_novmx

; From 32-bit protected mode (PAE on in CR4, paging off) into IA-32e mode: the 4-level tables at
; PML4, EFER.LME, then CR0.PG, and a far jump to the 64-bit code segment at %1. Used by the boot
; path and by the return from the 32-bit host.
%macro enter_long64 1
    mov eax, PML4
    mov cr3, eax
    mov ecx, 0xC0000080
    rdmsr
    or eax, 0x100
    wrmsr
    mov eax, cr0
    or eax, 0x80000000
    mov cr0, eax
    jmp 0x18:%1
%endmacro

; leave VMX operation and 32-bit mode, back to long mode and VMX operation
to_long:
    vmxoff
to_long_novmx:
    lgdt [gdt64_ptr]
    mov eax, cr0
    and eax, 0x7FFFFFFF
    mov cr0, eax
    mov eax, [V_CR4]
    mov cr4, eax
    enter_long64 back64

bits 64
back64:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov rsp, HOST_STACK
    call restore_host
    vmxon [V_VMXONPTR]
    jbe .vmxonfail
    mov eax, [V_R32_KIND]
    cmp eax, 4
    je .vmxonfail
    cmp eax, 3
    je .finv
    cmp eax, 2
    je .fail
    mov eax, 'R'
    call putc
    mov eax, ' '
    call putc
    mov rsi, s_exit
    call puts
    mov eax, [V_R32_A]
    call puthex
    mov eax, ' '
    call putc
    mov eax, [V_R32_B]
    call puthex
    call newline
    jmp advance
.fail:
    mov rsi, s_fail
    call puts
    mov eax, [V_R32_A]
    call puthex
    call newline
    jmp advance
.finv:
    mov rsi, s_failinv
    call puts
    jmp advance
.vmxonfail:
    mov rsi, s_vmxonfail
    call puts
    jmp shutdown

; ---------------------------------------------------------------- helpers
putc:                       ; al
    push rdx
    mov dx, 0xE9
    out dx, al
    pop rdx
    ret
newline:
    mov eax, 10
    jmp putc
puts:                       ; rsi -> zero-terminated
    push rax
.l: lodsb
    test al, al
    jz .e
    call putc
    jmp .l
.e: pop rax
    ret
puthex:                     ; rax, no leading zeros
    push rbx
    push rcx
    push rdx
    mov rbx, rax
    mov ecx, 64
    xor edx, edx            ; printed something
.l: sub ecx, 4
    mov rax, rbx
    shr rax, cl
    and eax, 15
    jnz .p
    test edx, edx
    jnz .p
    test ecx, ecx
    jnz .n
.p: mov edx, 1
    cmp al, 10
    jb .d
    add al, 'a' - 10 - '0'
.d: add al, '0'
    call putc
.n: test ecx, ecx
    jnz .l
    pop rdx
    pop rcx
    pop rbx
    ret

restore_host:               ; reload what the VMCS host fields may have changed
    lgdt [rel gdt64_ptr]
    lidt [rel idt_ptr]
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov fs, ax
    mov gs, ax
    pop rbx                 ; return address
    push 0x18
    lea rax, [rel .cs]
    push rax
    retfq
.cs:
    mov rax, [V_CR4]        ; CR4 first: a host CR4.CET 1 (H-03 unchecked by Bochs) would refuse CR0.WP 0
    mov cr4, rax
    mov rax, [V_CR0]
    mov cr0, rax
    mov eax, PML4
    mov cr3, rax
    mov ecx, 0xC0000080
    mov eax, [V_EFER]
    mov edx, [V_EFER + 4]
    wrmsr
    mov ecx, 0x277
    mov eax, [V_PAT]
    mov edx, [V_PAT + 4]
    wrmsr
    jmp rbx

; ---------------------------------------------------------------- exceptions
%macro exc_noerr 1
exc_%1:
    push 0
    push %1
    jmp exc_common
%endmacro
%macro exc_err 1
exc_%1:
    push %1
    jmp exc_common
%endmacro
%assign v 0
%rep 32
%if v = 8 || v = 10 || v = 11 || v = 12 || v = 13 || v = 14 || v = 17 || v = 21 || v = 29 || v = 30
    exc_err v
%else
    exc_noerr v
%endif
%assign v v+1
%endrep
exc_other:
    push 0
    push 0xff
exc_common:                 ; [rsp] vector, [rsp+8] error, [rsp+16] rip
    cmp qword [rsp], 13
    jne .bad
    cmp qword [V_PROBE], 1
    jne .bad
    mov qword [V_FAULTED], 1
    add qword [rsp + 16], 2 ; skip the 2-byte RDMSR
    add rsp, 16
    iretq
.bad:
    mov eax, 'X'
    call putc
    mov eax, ' '
    call putc
    mov rax, [rsp]
    call puthex
    mov eax, ' '
    call putc
    mov rax, [rsp + 16]
    call puthex
    mov eax, ' '
    call putc
    mov rax, [rsp + 8]
    call puthex
    call newline
    jmp shutdown

exc_table:
%assign v 0
%rep 32
    dq exc_ %+ v
%assign v v+1
%endrep

; ---------------------------------------------------------------- long mode start
long64:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov fs, ax
    mov gs, ax
    mov rsp, HOST_STACK
    ; GDT in RAM (LTR writes the busy bit)
    mov rsi, gdt64
    mov rdi, GDT_RAM
    mov ecx, gdt64_end - gdt64
    rep movsb
    ; zero state
    mov rdi, STATE
    mov ecx, 0x100
    xor eax, eax
    rep stosb
    ; TSS
    mov rdi, TSS_RAM
    mov ecx, 0x68
    rep stosb
    ; host IDT: 256 interrupt gates, vectors >= 32 to exc_other
    mov rdi, IDT_RAM
    xor ecx, ecx
.idt:
    lea rax, [rel exc_other]
    cmp ecx, 32
    jae .g
    lea rax, [rel exc_table]
    mov rax, [rax + rcx * 8]
.g: call make_gate
    inc ecx
    cmp ecx, 256
    jb .idt
    ; guest IDT: every vector to guest_entry
    mov rdi, GIDT_RAM
    xor ecx, ecx
.gidt:
    mov rax, guest_entry
    call make_gate
    inc ecx
    cmp ecx, 256
    jb .gidt
    call restore_host_first
    mov ax, 0x28
    ltr ax

    mov rsi, s_hello
    call puts
    ; capability MSRs 0x480..0x493 and IA32_FEATURE_CONTROL
    mov ecx, 0x480
.msr:
    call probe_msr
    inc ecx
    cmp ecx, 0x494
    jb .msr
    mov ecx, 0x3A
    call probe_msr
    ; CPUID facts
    mov eax, 0x80000000
    cpuid
    cmp eax, 0x80000008
    jb .nopaw
    mov eax, 0x80000008
    cpuid
    and eax, 0xff
    mov rsi, s_paw
    call puts
    call puthex
    call newline
.nopaw:
    xor ecx, ecx
    mov eax, 7
    cpuid
    mov r8d, ebx
    mov eax, ecx
    shr eax, 16
    and eax, 1
    mov rsi, s_la57
    call putkv
    mov eax, r8d
    shr eax, 11
    and eax, 1
    mov rsi, s_rtm
    call putkv
    mov eax, r8d
    shr eax, 2
    and eax, 1
    mov rsi, s_sgx
    call putkv
    xor eax, eax
    cpuid
    cmp eax, 0xA
    jb .nopmu
    mov eax, 0xA
    cpuid
    mov r8d, edx
    shr eax, 8
    and eax, 0xff
    mov rsi, s_gp
    call putkv
    mov eax, r8d
    and eax, 0x1f
    mov rsi, s_fixed
    call putkv
.nopmu:

    ; enable VMX
    mov ecx, 0x3A
    rdmsr
    test eax, 1
    jnz .locked
    or eax, 5
    wrmsr
.locked:
    mov ecx, 0x486          ; CR0 fixed-0: bits that must be 1
    rdmsr
    mov rbx, cr0
    or rbx, rax
    mov cr0, rbx
    mov ecx, 0x488
    rdmsr
    mov rbx, cr4
    or rbx, rax
    or rbx, 0x2000
    mov cr4, rbx
    ; remember the host state the cases run with
    mov rax, cr0
    mov [V_CR0], rax
    mov rax, cr4
    mov [V_CR4], rax
    mov ecx, 0xC0000080
    rdmsr
    mov [V_EFER], eax
    mov [V_EFER + 4], edx
    mov ecx, 0x277
    rdmsr
    mov [V_PAT], eax
    mov [V_PAT + 4], edx
    mov rsi, s_cr0
    mov rax, [V_CR0]
    call putkv
    mov rsi, s_cr3
    mov rax, cr3
    call putkv
    mov rsi, s_cr4
    mov rax, [V_CR4]
    call putkv
    mov rsi, s_efer
    mov rax, [V_EFER]
    call putkv
    mov rsi, s_pat
    mov rax, [V_PAT]
    call putkv

    mov ecx, 0x480
    rdmsr
    and eax, 0x7fffffff
    mov [V_REV], eax
    mov [VMXON_PA], eax
    mov qword [V_VMXONPTR], VMXON_PA
    mov qword [V_VMCSPTR], VMCS_PA
    vmxon [V_VMXONPTR]
    jbe .vmxonfail
    mov rsi, s_ready
    call puts

    mov rax, TABLE
    mov ecx, [rax]
    mov [V_LEFT], rcx
    add rax, 16
    mov [V_NEXT], rax
    jmp next_case
.vmxonfail:
    mov rsi, s_vmxonfail
    call puts
    jmp shutdown

restore_host_first:
    push rbx
    mov rax, cr0
    mov [V_CR0], rax
    mov rax, cr4
    mov [V_CR4], rax
    mov ecx, 0xC0000080
    rdmsr
    mov [V_EFER], eax
    mov [V_EFER + 4], edx
    mov ecx, 0x277
    rdmsr
    mov [V_PAT], eax
    mov [V_PAT + 4], edx
    pop rbx
    jmp restore_host

make_gate:                  ; rdi gate, rax target; rdi += 16
    mov [rdi], ax
    mov word [rdi + 2], 0x18
    mov word [rdi + 4], 0x8E00
    shr rax, 16
    mov [rdi + 6], ax
    shr rax, 16
    mov [rdi + 8], eax
    mov dword [rdi + 12], 0
    add rdi, 16
    ret

putkv:                      ; rsi label, rax value
    call puts
    call puthex
    jmp newline

probe_msr:                  ; ecx; prints "MSR idx value" when readable
    mov qword [V_PROBE], 1
    mov qword [V_FAULTED], 0
    rdmsr
    mov qword [V_PROBE], 0
    cmp qword [V_FAULTED], 0
    jne .skip
    shl rdx, 32
    mov eax, eax
    or rdx, rax
    push rdx
    mov rsi, s_msr
    call puts
    mov eax, ecx
    call puthex
    mov eax, ' '
    call putc
    pop rax
    call puthex
    call newline
.skip:
    ret

; ---------------------------------------------------------------- the cases
; table: u32 ncases, u32 0, u64 0; each case: u32 id, u32 npairs, u32 nmem, u32 flags (bit 0: 32-bit host),
; npairs * (u32 encoding, u32 0, u64 value), nmem * (u64 address, u64 value)
next_case:
    cmp qword [V_LEFT], 0
    je done
    mov r12, [V_NEXT]
    mov eax, [r12]
    mov [V_CASEID], rax
    mov rsi, s_case
    call puts
    call puthex
    call newline
    ; zero the case memory and the VMCS region
    mov rdi, VMCS_PA
    mov ecx, (CASEMEM_END - VMCS_PA) / 8
    xor eax, eax
    rep stosq
    mov r13d, [r12 + 4]     ; pairs
    mov r14d, [r12 + 8]     ; memory writes
    mov eax, [r12 + 12]     ; flags: bit 0 a 32-bit host
    mov [V_FLAGS], rax
    lea r15, [r12 + 16]
    ; memory writes come after the pairs
    mov rax, r13
    shl rax, 4
    lea rbx, [r15 + rax]
    mov rcx, r14
.mem:
    test rcx, rcx
    jz .memdone
    mov rdi, [rbx]
    mov rax, [rbx + 8]
    mov [rdi], rax
    add rbx, 16
    dec rcx
    jmp .mem
.memdone:
    mov [V_NEXT], rbx       ; the next case
    mov eax, [V_REV]
    mov [VMCS_PA], eax
    vmclear [V_VMCSPTR]
    vmptrld [V_VMCSPTR]
.pair:
    test r13, r13
    jz .launch
    mov eax, [r15]
    mov rbx, [r15 + 8]
    vmwrite rax, rbx
    jbe .wfail
.wnext:
    add r15, 16
    dec r13
    jmp .pair
.wfail:
    mov rbx, 0xffff
    jc .wprint
    mov edx, 0x4400
    vmread rbx, rdx
.wprint:
    push rax
    mov eax, 'W'
    call putc
    mov eax, ' '
    call putc
    pop rax
    call puthex
    mov eax, ' '
    call putc
    mov rax, rbx
    call puthex
    call newline
    jmp .wnext
.launch:
    test qword [V_FLAGS], 1
    jnz .launch32
    vmlaunch
    jc .finv
    mov rsi, s_fail
    call puts
    mov eax, 0x4400
    vmread rax, rax
    call puthex
    call newline
    jmp advance
.finv:
    mov rsi, s_failinv
    call puts
    jmp advance
.launch32:
    mov qword [V_R32_KIND], 0
    vmclear [V_VMCSPTR]
    vmxoff
    push 0x08               ; to compatibility mode, then out of IA-32e mode
    mov rax, launch32
    push rax
    retfq
advance:
    dec qword [V_LEFT]
    jmp next_case

done:
    mov rsi, s_done
    call puts
shutdown:
    mov dx, 0x8900
    mov rsi, s_shutdown
.l: lodsb
    test al, al
    jz .h
    out dx, al
    jmp .l
.h: cli
    hlt
    jmp .h

s_hello:    db 'ORACLE 1', 10, 0
s_msr:      db 'MSR ', 0
s_paw:      db 'FACT paw ', 0
s_la57:     db 'FACT la57 ', 0
s_rtm:      db 'FACT rtm ', 0
s_sgx:      db 'FACT sgx ', 0
s_gp:       db 'FACT gp ', 0
s_fixed:    db 'FACT fixed ', 0
s_cr0:      db 'HOST cr0 ', 0
s_cr3:      db 'HOST cr3 ', 0
s_cr4:      db 'HOST cr4 ', 0
s_efer:     db 'HOST efer ', 0
s_pat:      db 'HOST pat ', 0
s_ready:    db 'READY', 10, 0
s_vmxonfail: db 'VMXON FAIL', 10, 0
s_case:     db 'C ', 0
s_fail:     db 'R FAIL ', 0
s_failinv:  db 'R FAILINV', 10, 0
s_exit:     db 'EXIT ', 0
s_done:     db 'DONE', 10, 0
s_shutdown: db 'Shutdown', 0

align 8
gdt64:
    dq 0
    dq 0x00CF9B000000FFFF   ; 0x08 code32
    dq 0x00CF93000000FFFF   ; 0x10 data
    dq 0x00AF9B000000FFFF   ; 0x18 code64
    dq 0x00CF93000000FFFF   ; 0x20 data
    dq 0x0000890090000067   ; 0x28 TSS at 0x9000, limit 0x67
    dq 0
gdt64_end:
gdt64_ptr:
    dw gdt64_end - gdt64 - 1
    dq GDT_RAM
idt_ptr:
    dw 256 * 16 - 1
    dq IDT_RAM

; ---------------------------------------------------------------- 32-bit start
bits 32
prot32:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov fs, ax
    mov gs, ax
    mov esp, HOST_STACK
    cld
    mov edi, PML4
    mov ecx, 0x6000 / 4
    xor eax, eax
    rep stosd
    mov edi, PDPT32             ; PAE PDPT for the 32-bit host: the same four page directories
    mov ecx, 8
    xor eax, eax
    rep stosd
    mov dword [PDPT32], 0x3001
    mov dword [PDPT32 + 8], 0x4001
    mov dword [PDPT32 + 16], 0x5001
    mov dword [PDPT32 + 24], 0x6001
    mov dword [PML4], 0x2003
    mov dword [0x2000], 0x3003
    mov dword [0x2008], 0x4003
    mov dword [0x2010], 0x5003
    mov dword [0x2018], 0x6003
    mov edi, 0x3000
    mov eax, 0x83
    mov ecx, 2048
.pd:
    mov [edi], eax
    add eax, 0x200000
    add edi, 8
    loop .pd
    mov eax, cr4
    or eax, 0x20
    mov cr4, eax
    enter_long64 long64

times 0x10000-($-$$) db 0
; the case table (filled by the harness) lives at 0x10000 .. 0xEFFFF
times 0xF0800-($-$$) db 0

; ---------------------------------------------------------------- real-mode guest code
; at physical 0xF0800 (the ROM's last 128 KiB also appear at 0xE0000): CS 0xF000, IP 0x800
guest16:
    cpuid
    jmp guest16

times 0xF1000-($-$$) db 0
; ---------------------------------------------------------------- 16-bit reset code
bits 16
reset16:
    cli
    cld
    in al, 0x92
    or al, 2
    and al, 0xFE
    out 0x92, al
    o32 lgdt [cs:gdt32_ptr - 0xFFFF0000]
    mov eax, cr0
    or eax, 1
    mov cr0, eax
    jmp dword 0x08:prot32

align 8
gdt32:
    dq 0
    dq 0x00CF9B000000FFFF
    dq 0x00CF93000000FFFF
    dq 0x00AF9B000000FFFF
gdt32_end:
gdt32_ptr:
    dw gdt32_end - gdt32 - 1
    dd gdt32

times 0x100000-16-($-$$) db 0
reset_vector:
    jmp reset16
times 0x100000-($-$$) db 0
