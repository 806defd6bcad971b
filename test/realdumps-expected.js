// What each real public paste in test/fixtures/samples/16-105 and 111-129 holds, dump by dump: every VMCS
// field value it prints (or, for QEMU's register dump, every guest-state value QEMU prints of the
// vCPU), as `line FIELD value` rows (hex, no 0x). A line `a-b` is a value on a printed line that
// a hard wrap split over lines a to b. Samples 41-43, 50, 51, 64-66, 116, 117 and 125 hold no dump at all; 59 holds HAXM dump lines of vCPUs printing at once, which no dump can be given.
//
// How the rows were made (not by running the reader on the samples themselves):
// - KVM and Xen dumps (16, 17, 25-28, 34, 39, 40): the paste was mended by hand (quoting removed,
//   wrapped lines joined, NBSP to spaces, a section header put where the paste lost it) and the
//   mended text read with the reader of the time, which tests/kernel.test.js checks against
//   hand-written tables on clean dumps; the rows point back to the paste's own lines.
// - Traces, QEMU register dumps and HAXM lines (18-24, 29-33, 35-38): extracted with regular
//   expressions written from the print formats (Linux trace.h, QEMU target/i386/cpu-dump.c,
//   HAXM core/dump.c), independently of this reader. QEMU's segment flags become access rights
//   as KVM's segment conversion does: ((flags >> 8) & 0xf0ff), 0x10000 (unusable) for flags 0.
// Each table was then checked by eye against the paste. A value written `!value` would be one
// printed by the paste but damaged there: it counts as present, and the reader must report its
// line rather than read it (none is left: sample 30's GDT= line, which has a Markdown link pasted
// into it, `6e[182](https://…)000`, is read as the page shows it, 6e182000, and the link reported).
export const EXPECTED = {
  // 16-kvm-4.19-next-syzbot-dump-tail-hung-task.txt
  '16': [
    ['kvm', `
      7      TSC_OFFSET                       fffffe6382838c64
      8      EPT_POINTER                      1c4f5101e
      5      VM_EXIT_REASON                   80000021
      4      VM_EXIT_INTR_INFO                0
      4      VM_EXIT_INTR_ERROR_CODE          0
      6      IDT_VECTORING_INFO_FIELD         0
      6      IDT_VECTORING_ERROR_CODE         0
      4      VM_EXIT_INSTRUCTION_LEN          3
      5      EXIT_QUALIFICATION               3
    `],
  ],
  // 17-xen-4.13-quoted-hardwrapped-date-prefix.txt
  '17': [
    ['xen', `
      72-73  VIRTUAL_PROCESSOR_ID             5a02
      68     POSTED_INTR_NV                   f5
      69-70  EPTP_INDEX                       0
      66-67  TSC_OFFSET                       fffff45ded46dd57
      72-73  VM_FUNCTION_CONTROL              0
      69-70  EPT_POINTER                      54e3a701e
      66-67  TSC_MULTIPLIER                   0
      52-53  PIN_BASED_VM_EXEC_CONTROL        bf
      52-53  CPU_BASED_VM_EXEC_CONTROL        b62065fa
      56-57  EXCEPTION_BITMAP                 60002
      56-57  PAGE_FAULT_ERROR_CODE_MASK       0
      56-57  PAGE_FAULT_ERROR_CODE_MATCH      0
      54-55  VM_EXIT_CONTROLS                 2fefff
      54-55  VM_ENTRY_CONTROLS                d3ff
      58-59  VM_ENTRY_INTR_INFO_FIELD         80000501
      58-59  VM_ENTRY_EXCEPTION_ERROR_CODE    0
      58-59  VM_ENTRY_INSTRUCTION_LEN         1
      68     TPR_THRESHOLD                    0
      52-53  SECONDARY_VM_EXEC_CONTROL        17eb
      71     PLE_GAP                          80
      71     PLE_WINDOW                       1000
      5-6    CR0_GUEST_HOST_MASK              ffffffffffffffff
      7-8    CR4_GUEST_HOST_MASK              ffffffffffe8f860
      5-6    CR0_READ_SHADOW                  80050031
      7-8    CR4_READ_SHADOW                  170678
      1      VM_EXIT_REASON                   80000021
      60-61  VM_EXIT_INTR_INFO                80000501
      60-61  VM_EXIT_INTR_ERROR_CODE          0
      64-65  IDT_VECTORING_INFO_FIELD         0
      64-65  IDT_VECTORING_ERROR_CODE         0
      60-61  VM_EXIT_INSTRUCTION_LEN          1
      2      EXIT_QUALIFICATION               0
      20     GUEST_ES_SELECTOR                2b
      17     GUEST_CS_SELECTOR                10
      19     GUEST_SS_SELECTOR                18
      18     GUEST_DS_SELECTOR                2b
      21     GUEST_FS_SELECTOR                53
      22     GUEST_GS_SELECTOR                2b
      24     GUEST_LDTR_SELECTOR              0
      26     GUEST_TR_SELECTOR                40
      35     GUEST_INTR_STATUS                0
      31-32  GUEST_IA32_DEBUGCTL              0
      27-28  GUEST_IA32_PAT                   7010600070106
      27-28  GUEST_IA32_EFER                  d01
      20     GUEST_ES_LIMIT                   ffffffff
      17     GUEST_CS_LIMIT                   0
      19     GUEST_SS_LIMIT                   0
      18     GUEST_DS_LIMIT                   ffffffff
      21     GUEST_FS_LIMIT                   3c00
      22     GUEST_GS_LIMIT                   ffffffff
      24     GUEST_LDTR_LIMIT                 ffffffff
      26     GUEST_TR_LIMIT                   67
      23     GUEST_GDTR_LIMIT                 57
      25     GUEST_IDTR_LIMIT                 12f
      20     GUEST_ES_AR_BYTES                c0f3
      17     GUEST_CS_AR_BYTES                209b
      19     GUEST_SS_AR_BYTES                4093
      18     GUEST_DS_AR_BYTES                c0f3
      21     GUEST_FS_AR_BYTES                40f3
      22     GUEST_GS_AR_BYTES                c0f3
      24     GUEST_LDTR_AR_BYTES              1c000
      26     GUEST_TR_AR_BYTES                8b
      33-34  GUEST_INTERRUPTIBILITY_INFO      2
      33-34  GUEST_ACTIVITY_STATE             0
      29-30  GUEST_SMBASE                     0
      14-15  GUEST_SYSENTER_CS                0
      29-30  VMX_PREEMPTION_TIMER_VALUE       0
      5-6    GUEST_CR0                        80050031
      9      GUEST_CR3                        1aa002
      7-8    GUEST_CR4                        172678
      20     GUEST_ES_BASE                    0
      17     GUEST_CS_BASE                    0
      19     GUEST_SS_BASE                    0
      18     GUEST_DS_BASE                    0
      21     GUEST_FS_BASE                    0
      22     GUEST_GS_BASE                    fffff8044ff80000
      24     GUEST_LDTR_BASE                  0
      26     GUEST_TR_BASE                    fffff80459c60000
      23     GUEST_GDTR_BASE                  fffff80459c61fb0
      25     GUEST_IDTR_BASE                  ffffd18a014a0980
      12-13  GUEST_DR7                        400
      10-11  GUEST_RSP                        ffff8c0f4dd71e98
      10-11  GUEST_RIP                        ffffd18a040bb75e
      12-13  GUEST_RFLAGS                     187
      31-32  GUEST_PENDING_DBG_EXCEPTIONS     0
      14-15  GUEST_SYSENTER_ESP               0
      14-15  GUEST_SYSENTER_EIP               0
      39-40  HOST_ES_SELECTOR                 0
      39-40  HOST_CS_SELECTOR                 e008
      39-40  HOST_SS_SELECTOR                 0
      39-40  HOST_DS_SELECTOR                 0
      39-40  HOST_FS_SELECTOR                 0
      39-40  HOST_GS_SELECTOR                 0
      39-40  HOST_TR_SELECTOR                 e040
      49-50  HOST_IA32_PAT                    50100070406
      49-50  HOST_IA32_EFER                   d01
      47-48  HOST_IA32_SYSENTER_CS            e008
      45-46  HOST_CR0                         80050033
      45-46  HOST_CR3                         54dbea000
      45-46  HOST_CR4                         1526e0
      41-42  HOST_FS_BASE                     0
      41-42  HOST_GS_BASE                     0
      41-42  HOST_TR_BASE                     ffff83083ff14000
      43-44  HOST_GDTR_BASE                   ffff83083ff03000
      43-44  HOST_IDTR_BASE                   ffff83083ff07000
      47-48  HOST_IA32_SYSENTER_ESP           ffff83083ff0ffa0
      47-48  HOST_IA32_SYSENTER_EIP           ffff82d080395440
      37-38  HOST_RSP                         ffff83083ff0ff70
      37-38  HOST_RIP                         ffff82d080341950
    `],
  ],
  // 18-kvm-5.x-user-retyped-exit-summary.txt
  '18': [
    ['kvm', `
      4      VM_EXIT_INTR_INFO                0
      4      VM_EXIT_INSTRUCTION_LEN          0
      5      VM_EXIT_REASON                   80000021
      5      EXIT_QUALIFICATION               2
      7      IDT_VECTORING_INFO_FIELD         0
    `],
  ],
  // 19-trace-cmd-5.6-kvm_exit-nested_vmexit-hyperv.txt
  '19': [
    ['kvm-exit', `
      1      VM_EXIT_REASON                   30
      1      GUEST_RIP                        fffff802987d6169
      1      EXIT_QUALIFICATION               181
    `],
    ['kvm-exit', `
      2      GUEST_RIP                        fffff802987d6169
      2      VM_EXIT_REASON                   30
      2      EXIT_QUALIFICATION               181
      2      IDT_VECTORING_INFO_FIELD         0
      2      VM_EXIT_INTR_INFO                0
      2      VM_EXIT_INTR_ERROR_CODE          0
    `],
  ],
  // 20-trace-6.12-kvm_exit-vcpu-info1-intr_info-nested.txt
  '20': [
    ['kvm-exit', `
      1      VM_EXIT_REASON                   0
      1      GUEST_RIP                        1
      1      EXIT_QUALIFICATION               4000
      1      IDT_VECTORING_INFO_FIELD         0
      1      VM_EXIT_INTR_INFO                80000301
    `],
    ['kvm-exit', `
      2      VM_EXIT_REASON                   0
      2      GUEST_RIP                        1
      2      EXIT_QUALIFICATION               4000
      2      IDT_VECTORING_INFO_FIELD         0
      2      VM_EXIT_INTR_INFO                80000301
    `],
    ['kvm-exit', `
      5      VM_EXIT_REASON                   30
      5      GUEST_RIP                        1
      5      EXIT_QUALIFICATION               181
      5      IDT_VECTORING_INFO_FIELD         80000301
      5      VM_EXIT_INTR_INFO                0
    `],
    ['kvm-exit', `
      6      VM_EXIT_REASON                   30
      6      GUEST_RIP                        1
      6      EXIT_QUALIFICATION               181
      6      IDT_VECTORING_INFO_FIELD         80000301
      6      VM_EXIT_INTR_INFO                0
    `],
    ['kvm-exit', `
      15     VM_EXIT_REASON                   30
      15     GUEST_RIP                        1
      15     EXIT_QUALIFICATION               1aa
      15     IDT_VECTORING_INFO_FIELD         80000301
      15     VM_EXIT_INTR_INFO                0
    `],
    ['kvm-exit', `
      23     VM_EXIT_REASON                   30
      23     GUEST_RIP                        1
      23     EXIT_QUALIFICATION               1aa
      23     IDT_VECTORING_INFO_FIELD         80000306
      23     VM_EXIT_INTR_INFO                0
    `],
    ['kvm-exit', `
      24     VM_EXIT_REASON                   30
      24     GUEST_RIP                        1
      24     EXIT_QUALIFICATION               1aa
      24     IDT_VECTORING_INFO_FIELD         80000306
      24     VM_EXIT_INTR_INFO                0
    `],
  ],
  // 21-trace-5.x-nested_vmexit_inject-bare.txt
  '21': [
    ['kvm-exit', `
      6      VM_EXIT_REASON                   1
      6      EXIT_QUALIFICATION               0
      6      IDT_VECTORING_INFO_FIELD         0
      6      VM_EXIT_INTR_INFO                80000060
      6      VM_EXIT_INTR_ERROR_CODE          0
    `],
    ['kvm-exit', `
      12     VM_EXIT_REASON                   18
      12     GUEST_RIP                        fffff80006a40115
      12     EXIT_QUALIFICATION               0
    `],
    ['kvm-exit', `
      14     VM_EXIT_REASON                   34
      14     GUEST_RIP                        fffff8022f3d8350
      14     EXIT_QUALIFICATION               0
    `],
    ['kvm-exit', `
      15     GUEST_RIP                        fffff8022f3d8350
      15     VM_EXIT_REASON                   34
      15     EXIT_QUALIFICATION               0
      15     IDT_VECTORING_INFO_FIELD         0
      15     VM_EXIT_INTR_INFO                0
      15     VM_EXIT_INTR_ERROR_CODE          0
    `],
    ['kvm-exit', `
      16     VM_EXIT_REASON                   1
      16     EXIT_QUALIFICATION               0
      16     IDT_VECTORING_INFO_FIELD         0
      16     VM_EXIT_INTR_INFO                80000050
      16     VM_EXIT_INTR_ERROR_CODE          0
    `],
    ['kvm-exit', `
      22     VM_EXIT_REASON                   2d
      22     GUEST_RIP                        fffff80006a17e1a
      22     EXIT_QUALIFICATION               50
    `],
  ],
  // 22-trace-5.2-quoted-nested_vmexit-loop.txt
  '22': [
    ['kvm-exit', `
      1      GUEST_RIP                        7fa9ee5224e4
      1      VM_EXIT_REASON                   1e
      1      EXIT_QUALIFICATION               5658000b
      1      IDT_VECTORING_INFO_FIELD         0
      1      VM_EXIT_INTR_INFO                0
      1      VM_EXIT_INTR_ERROR_CODE          0
    `],
    ['kvm-exit', `
      8      VM_EXIT_REASON                   1e
      8      GUEST_RIP                        7fa9ee5224e4
      8      EXIT_QUALIFICATION               5658000b
    `],
    ['kvm-exit', `
      9      GUEST_RIP                        7fa9ee5224e4
      9      VM_EXIT_REASON                   1e
      9      EXIT_QUALIFICATION               5658000b
      9      IDT_VECTORING_INFO_FIELD         0
      9      VM_EXIT_INTR_INFO                0
      9      VM_EXIT_INTR_ERROR_CODE          0
    `],
    ['kvm-exit', `
      16     VM_EXIT_REASON                   1e
      16     GUEST_RIP                        7fa9ee5224e4
      16     EXIT_QUALIFICATION               5658000b
    `],
    ['kvm-exit', `
      17     GUEST_RIP                        7fa9ee5224e4
      17     VM_EXIT_REASON                   1e
      17     EXIT_QUALIFICATION               5658000b
      17     IDT_VECTORING_INFO_FIELD         0
      17     VM_EXIT_INTR_INFO                0
      17     VM_EXIT_INTR_ERROR_CODE          0
    `],
  ],
  // 23-qemu-4.x-entry-failed-0x7-jailhouse-reset.txt
  '23': [
    ['qemu', `
      4      VM_INSTRUCTION_ERROR             7
      6      GUEST_RSP                        0
      7      GUEST_RIP                        fff0
      7      GUEST_ACTIVITY_STATE             0
      7      GUEST_RFLAGS                     246
      8      GUEST_ES_SELECTOR                0
      8      GUEST_ES_BASE                    0
      8      GUEST_ES_LIMIT                   ffff
      8      GUEST_ES_AR_BYTES                93
      9      GUEST_CS_SELECTOR                f000
      9      GUEST_CS_BASE                    ffff0000
      9      GUEST_CS_LIMIT                   ffff
      9      GUEST_CS_AR_BYTES                a09b
      10     GUEST_SS_SELECTOR                0
      10     GUEST_SS_BASE                    0
      10     GUEST_SS_LIMIT                   ffff
      10     GUEST_SS_AR_BYTES                c093
      11     GUEST_DS_SELECTOR                0
      11     GUEST_DS_BASE                    0
      11     GUEST_DS_LIMIT                   ffff
      11     GUEST_DS_AR_BYTES                93
      12     GUEST_FS_SELECTOR                0
      12     GUEST_FS_BASE                    0
      12     GUEST_FS_LIMIT                   ffff
      12     GUEST_FS_AR_BYTES                93
      13     GUEST_GS_SELECTOR                0
      13     GUEST_GS_BASE                    0
      13     GUEST_GS_LIMIT                   ffff
      13     GUEST_GS_AR_BYTES                93
      14     GUEST_LDTR_SELECTOR              0
      14     GUEST_LDTR_BASE                  0
      14     GUEST_LDTR_LIMIT                 ffff
      14     GUEST_LDTR_AR_BYTES              82
      15     GUEST_TR_SELECTOR                0
      15     GUEST_TR_BASE                    0
      15     GUEST_TR_LIMIT                   ffff
      15     GUEST_TR_AR_BYTES                8b
      16     GUEST_GDTR_BASE                  0
      16     GUEST_GDTR_LIMIT                 ffff
      17     GUEST_IDTR_BASE                  0
      17     GUEST_IDTR_LIMIT                 ffff
      18     GUEST_CR0                        60000010
      18     GUEST_CR3                        0
      18     GUEST_CR4                        680
      20     GUEST_DR7                        400
      21     GUEST_IA32_EFER                  0
    `],
  ],
  // 24-trace-4.14-stable-wrapped-nested_vmexit.txt
  '24': [
    ['kvm-exit', `
      4      GUEST_RIP                        fffff802987d6169
      4      VM_EXIT_REASON                   30
      4      EXIT_QUALIFICATION               181
      5      IDT_VECTORING_INFO_FIELD         0
      5      VM_EXIT_INTR_INFO                0
      5      VM_EXIT_INTR_ERROR_CODE          0
    `],
  ],
  // 25-kvm-6.x-kvm_intel-svsm-ci-dump-head-excerpt.txt
  '25': [
    ['kvm', `
      5      CR0_GUEST_HOST_MASK              fffffffffffefff7
      6      CR4_GUEST_HOST_MASK              fffffffffffef871
      5      CR0_READ_SHADOW                  80010033
      6      CR4_READ_SHADOW                  340af0
      13     GUEST_CS_SELECTOR                8
      15     GUEST_SS_SELECTOR                10
      14     GUEST_DS_SELECTOR                10
      8      GUEST_PDPTR0                     5e0e5001
      8      GUEST_PDPTR1                     5e0e4001
      9      GUEST_PDPTR2                     5e0e3001
      9      GUEST_PDPTR3                     5e0e2001
      13     GUEST_CS_LIMIT                   ffffffff
      15     GUEST_SS_LIMIT                   ffffffff
      14     GUEST_DS_LIMIT                   ffffffff
      13     GUEST_CS_AR_BYTES                a09b
      15     GUEST_SS_AR_BYTES                c093
      14     GUEST_DS_AR_BYTES                c093
      12     GUEST_SYSENTER_CS                0
      5      GUEST_CR0                        80010033
      7      GUEST_CR3                        8000f76000
      6      GUEST_CR4                        342af0
      13     GUEST_CS_BASE                    0
      15     GUEST_SS_BASE                    0
      14     GUEST_DS_BASE                    0
      11     GUEST_DR7                        400
      10     GUEST_RSP                        fffffe006000be50
      10     GUEST_RIP                        ffffff8000042837
      11     GUEST_RFLAGS                     2
      12     GUEST_SYSENTER_ESP               0
      12     GUEST_SYSENTER_EIP               0
    `],
  ],
  // 26-kvm-5.4-dosemu2-syslog-dmesg-dump-middle-excerpt.txt
  '26': [
    ['kvm', `
      2      GUEST_LDTR_SELECTOR              0
      4      GUEST_TR_SELECTOR                0
      6      GUEST_IA32_DEBUGCTL              0
      5      GUEST_IA32_PAT                   0
      5      GUEST_IA32_EFER                  800
      2      GUEST_LDTR_LIMIT                 ffff
      4      GUEST_TR_LIMIT                   2088
      3      GUEST_IDTR_LIMIT                 7ff
      2      GUEST_LDTR_AR_BYTES              82
      4      GUEST_TR_AR_BYTES                8b
      7      GUEST_INTERRUPTIBILITY_INFO      0
      7      GUEST_ACTIVITY_STATE             0
      2      GUEST_LDTR_BASE                  ffcdd000
      4      GUEST_TR_BASE                    ff8d9000
      3      GUEST_IDTR_BASE                  ff8db200
      6      GUEST_PENDING_DBG_EXCEPTIONS     0
      10     HOST_ES_SELECTOR                 0
      10     HOST_CS_SELECTOR                 10
      10     HOST_SS_SELECTOR                 18
      10     HOST_DS_SELECTOR                 0
      10     HOST_FS_SELECTOR                 0
      10     HOST_GS_SELECTOR                 0
      10     HOST_TR_SELECTOR                 40
      11     HOST_FS_BASE                     7f9d9f62d740
      11     HOST_GS_BASE                     ffff961f3da00000
      11     HOST_TR_BASE                     fffffe0000003000
      12     HOST_GDTR_BASE                   fffffe0000001000
      12     HOST_IDTR_BASE                   fffffe0000000000
      9      HOST_RSP                         ffffa86e8182bc68
      9      HOST_RIP                         ffffffffc0699430
    `],
  ],
  // 27-xen-4.9.2-drakvuf-dump-tail-excerpt.txt
  '27': [
    ['xen', `
      15     VIRTUAL_PROCESSOR_ID             7678
      12     POSTED_INTR_NV                   0
      13     EPTP_INDEX                       0
      11     TSC_OFFSET                       fffff418a22ef5c2
      15     VM_FUNCTION_CONTROL              0
      13     EPT_POINTER                      39495301e
      11     TSC_MULTIPLIER                   0
      4      PIN_BASED_VM_EXEC_CONTROL        3f
      4      CPU_BASED_VM_EXEC_CONTROL        b6a0e5fa
      6      EXCEPTION_BITMAP                 6000a
      6      PAGE_FAULT_ERROR_CODE_MASK       0
      6      PAGE_FAULT_ERROR_CODE_MATCH      0
      5      VM_EXIT_CONTROLS                 fefff
      5      VM_ENTRY_CONTROLS                53ff
      7      VM_ENTRY_INTR_INFO_FIELD         2f
      7      VM_ENTRY_EXCEPTION_ERROR_CODE    4
      7      VM_ENTRY_INSTRUCTION_LEN         0
      12     TPR_THRESHOLD                    0
      4      SECONDARY_VM_EXEC_CONTROL        54eb
      14     PLE_GAP                          80
      14     PLE_WINDOW                       1000
      9      VM_EXIT_REASON                   80000021
      8      VM_EXIT_INTR_INFO                0
      8      VM_EXIT_INTR_ERROR_CODE          0
      10     IDT_VECTORING_INFO_FIELD         0
      10     IDT_VECTORING_ERROR_CODE         0
      8      VM_EXIT_INSTRUCTION_LEN          3
      9      EXIT_QUALIFICATION               0
      2      HOST_IA32_PAT                    50100070406
      2      HOST_IA32_EFER                   0
    `],
  ],
  // 28-xen-4.10-drakvuf-pdpte-dump-head-excerpt.txt
  '28': [
    ['xen', `
      2      VM_EXIT_REASON                   80000021
      2      EXIT_QUALIFICATION               0
      5      CR0_GUEST_HOST_MASK              ffffffffffffffff
      6      CR4_GUEST_HOST_MASK              ffffffffffffffff
      5      CR0_READ_SHADOW                  80050033
      6      CR4_READ_SHADOW                  360670
      17     GUEST_ES_SELECTOR                0
      14     GUEST_CS_SELECTOR                10
      16     GUEST_SS_SELECTOR                18
      15     GUEST_DS_SELECTOR                0
      18     GUEST_FS_SELECTOR                0
      19     GUEST_GS_SELECTOR                0
      21     GUEST_LDTR_SELECTOR              0
      8      GUEST_PDPTR0                     0
      8      GUEST_PDPTR1                     0
      9      GUEST_PDPTR2                     0
      9      GUEST_PDPTR3                     0
      17     GUEST_ES_LIMIT                   ffffffff
      14     GUEST_CS_LIMIT                   ffffffff
      16     GUEST_SS_LIMIT                   ffffffff
      15     GUEST_DS_LIMIT                   ffffffff
      18     GUEST_FS_LIMIT                   ffffffff
      19     GUEST_GS_LIMIT                   ffffffff
      21     GUEST_LDTR_LIMIT                 ffffffff
      20     GUEST_GDTR_LIMIT                 7f
      17     GUEST_ES_AR_BYTES                1c000
      14     GUEST_CS_AR_BYTES                a09b
      16     GUEST_SS_AR_BYTES                c093
      15     GUEST_DS_AR_BYTES                1c000
      18     GUEST_FS_AR_BYTES                1c000
      19     GUEST_GS_AR_BYTES                1c000
      21     GUEST_LDTR_AR_BYTES              1c000
      12     GUEST_SYSENTER_CS                10
      5      GUEST_CR0                        8005003b
      7      GUEST_CR3                        800000001a02f080
      6      GUEST_CR4                        362670
      17     GUEST_ES_BASE                    0
      14     GUEST_CS_BASE                    0
      16     GUEST_SS_BASE                    0
      15     GUEST_DS_BASE                    0
      18     GUEST_FS_BASE                    7fdb9d9c2700
      19     GUEST_GS_BASE                    ffff88001f400000
      21     GUEST_LDTR_BASE                  0
      20     GUEST_GDTR_BASE                  ffff88001f40c000
      11     GUEST_DR7                        400
      10     GUEST_RSP                        ffff880018cf7f50
      10     GUEST_RIP                        ffffffff8184f058
      11     GUEST_RFLAGS                     82
      12     GUEST_SYSENTER_ESP               0
      12     GUEST_SYSENTER_EIP               ffffffff81851f60
    `],
  ],
  // 29-qemu-i386-xqemu-entry-failed-0x80000021-excerpt.txt
  '29': [
    ['qemu', `
      1      VM_EXIT_REASON                   80000021
      9      GUEST_RSP                        0
      10     GUEST_RIP                        0
      10     GUEST_ACTIVITY_STATE             0
      10     GUEST_RFLAGS                     86
      11     GUEST_ES_SELECTOR                10
      11     GUEST_ES_BASE                    0
      11     GUEST_ES_LIMIT                   ffffffff
      11     GUEST_ES_AR_BYTES                c093
      12     GUEST_CS_SELECTOR                8
      12     GUEST_CS_BASE                    0
      12     GUEST_CS_LIMIT                   ffffffff
      12     GUEST_CS_AR_BYTES                c09b
      13     GUEST_SS_SELECTOR                10
      13     GUEST_SS_BASE                    0
      13     GUEST_SS_LIMIT                   ffffffff
      13     GUEST_SS_AR_BYTES                c093
      14     GUEST_DS_SELECTOR                10
      14     GUEST_DS_BASE                    0
      14     GUEST_DS_LIMIT                   ffffffff
      14     GUEST_DS_AR_BYTES                c093
      15     GUEST_FS_SELECTOR                0
      15     GUEST_FS_BASE                    0
      15     GUEST_FS_LIMIT                   ffff
      15     GUEST_FS_AR_BYTES                93
    `],
  ],
  // 30-qemu-systemd-ci-entry-failed-0xffffffff-smm-link-artefact.txt
  '30': [
    ['qemu', `
      7      GUEST_RSP                        94203c78
      8      GUEST_RIP                        8000
      8      GUEST_ACTIVITY_STATE             0
      8      GUEST_RFLAGS                     2
      9      GUEST_ES_SELECTOR                0
      9      GUEST_ES_BASE                    0
      9      GUEST_ES_LIMIT                   ffffffff
      9      GUEST_ES_AR_BYTES                8093
      10     GUEST_CS_SELECTOR                f900
      10     GUEST_CS_BASE                    7eff9000
      10     GUEST_CS_LIMIT                   ffffffff
      10     GUEST_CS_AR_BYTES                8093
      11     GUEST_SS_SELECTOR                0
      11     GUEST_SS_BASE                    0
      11     GUEST_SS_LIMIT                   ffffffff
      11     GUEST_SS_AR_BYTES                8093
      12     GUEST_DS_SELECTOR                0
      12     GUEST_DS_BASE                    0
      12     GUEST_DS_LIMIT                   ffffffff
      12     GUEST_DS_AR_BYTES                8093
      13     GUEST_FS_SELECTOR                0
      13     GUEST_FS_BASE                    0
      13     GUEST_FS_LIMIT                   ffffffff
      13     GUEST_FS_AR_BYTES                8093
      14     GUEST_GS_SELECTOR                0
      14     GUEST_GS_BASE                    0
      14     GUEST_GS_LIMIT                   ffffffff
      14     GUEST_GS_AR_BYTES                8093
      15     GUEST_LDTR_SELECTOR              0
      15     GUEST_LDTR_BASE                  0
      15     GUEST_LDTR_LIMIT                 0
      15     GUEST_LDTR_AR_BYTES              10000
      16     GUEST_TR_SELECTOR                40
      16     GUEST_TR_BASE                    6e184000
      16     GUEST_TR_LIMIT                   4087
      16     GUEST_TR_AR_BYTES                8b
      17     GUEST_GDTR_BASE                  6e182000
      17     GUEST_GDTR_LIMIT                 7f
      18     GUEST_IDTR_BASE                  0
      18     GUEST_IDTR_LIMIT                 0
      19     GUEST_CR0                        50032
      19     GUEST_CR3                        1ee002
      19     GUEST_CR4                        0
      21     GUEST_DR7                        400
      22     GUEST_IA32_EFER                  0
    `],
  ],
  // 31-qemu-systemd-ci-entry-failed-0x0-four-lines.txt
  '31': [
    ['qemu', `
      2      VM_INSTRUCTION_ERROR             0
      4      GUEST_RSP                        0
      5      GUEST_RIP                        fff0
      5      GUEST_ACTIVITY_STATE             0
      5      GUEST_RFLAGS                     2
    `],
  ],
  // 32-qemu-x86_64-svsm-ci-entry-failed-0x0-excerpt.txt
  '32': [
    ['qemu', `
      3      VM_INSTRUCTION_ERROR             0
      5      GUEST_RSP                        fffffe006000be50
      8      GUEST_RIP                        ffffff800004ddf7
      8      GUEST_ACTIVITY_STATE             0
      8      GUEST_RFLAGS                     2
      9      GUEST_ES_SELECTOR                10
      9      GUEST_ES_BASE                    0
      9      GUEST_ES_LIMIT                   ffffffff
      9      GUEST_ES_AR_BYTES                c093
      10     GUEST_CS_SELECTOR                8
      10     GUEST_CS_BASE                    0
      10     GUEST_CS_LIMIT                   ffffffff
      10     GUEST_CS_AR_BYTES                a09b
      11     GUEST_SS_SELECTOR                10
      11     GUEST_SS_BASE                    0
      11     GUEST_SS_LIMIT                   ffffffff
      11     GUEST_SS_AR_BYTES                c093
      12     GUEST_DS_SELECTOR                10
      12     GUEST_DS_BASE                    0
      12     GUEST_DS_LIMIT                   ffffffff
      12     GUEST_DS_AR_BYTES                c093
      13     GUEST_FS_SELECTOR                10
      13     GUEST_FS_BASE                    0
      13     GUEST_FS_LIMIT                   ffffffff
      13     GUEST_FS_AR_BYTES                c093
    `],
  ],
  // 33-qemu-ovmf-internal-error-interleaved-vcpus-excerpt.txt
  '33': [
    ['qemu', `
      4      GUEST_RSP                        0
      5      GUEST_RIP                        a0000
      5      GUEST_ACTIVITY_STATE             0
      5      GUEST_RFLAGS                     10006
      14     GUEST_ES_SELECTOR                8
      14     GUEST_ES_BASE                    0
      14     GUEST_ES_LIMIT                   ffffffff
      14     GUEST_ES_AR_BYTES                c093
      15     GUEST_CS_SELECTOR                10
      15     GUEST_CS_BASE                    0
      15     GUEST_CS_LIMIT                   ffffffff
      15     GUEST_CS_AR_BYTES                c09b
      16     GUEST_SS_SELECTOR                8
      16     GUEST_SS_BASE                    0
      16     GUEST_SS_LIMIT                   ffffffff
      16     GUEST_SS_AR_BYTES                c093
      17     GUEST_DS_SELECTOR                8
      17     GUEST_DS_BASE                    0
      17     GUEST_DS_LIMIT                   ffffffff
      17     GUEST_DS_AR_BYTES                c093
      18     GUEST_FS_SELECTOR                8
      18     GUEST_FS_BASE                    0
      18     GUEST_FS_LIMIT                   ffffffff
      18     GUEST_FS_AR_BYTES                c093
      19     GUEST_GS_SELECTOR                8
      19     GUEST_GS_BASE                    0
      19     GUEST_GS_LIMIT                   ffffffff
      19     GUEST_GS_AR_BYTES                c093
      20     GUEST_LDTR_SELECTOR              0
      20     GUEST_LDTR_BASE                  0
      20     GUEST_LDTR_LIMIT                 ffff
      20     GUEST_LDTR_AR_BYTES              82
    `],
  ],
  // 34-kvm-4.x-edk2-indented-quoted-fragments.txt
  '34': [
    ['kvm', `
      11     VM_ENTRY_INTR_INFO_FIELD         800000d1
      11     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      11     VM_ENTRY_INSTRUCTION_LEN         0
      5      GUEST_DR7                        400
      5      GUEST_RFLAGS                     2
    `],
  ],
  // 35-haxm-macos-log-show-private-excerpt.txt
  '35': [
    ['haxm', `
      8      PIN_BASED_VM_EXEC_CONTROL        1f
      9      CPU_BASED_VM_EXEC_CONTROL        960061fa
      10     SECONDARY_VM_EXEC_CONTROL        aa
      11     EXCEPTION_BITMAP                 40000
      12     PAGE_FAULT_ERROR_CODE_MASK       0
      13     PAGE_FAULT_ERROR_CODE_MATCH      0
    `],
  ],
  // 36-haxm-7.6-windows-haxm_error-invalid-guest-state-excerpt.txt
  '36': [
    ['haxm', `
      5      PIN_BASED_VM_EXEC_CONTROL        1f
      6      CPU_BASED_VM_EXEC_CONTROL        969861fe
      7      SECONDARY_VM_EXEC_CONTROL        2a
      8      EXCEPTION_BITMAP                 40000
      9      PAGE_FAULT_ERROR_CODE_MASK       0
      10     PAGE_FAULT_ERROR_CODE_MATCH      0
      11     VM_EXIT_CONTROLS                 2b6fff
      12     VM_EXIT_MSR_STORE_COUNT          0
      13     VM_EXIT_MSR_LOAD_COUNT           8
      14     VM_ENTRY_CONTROLS                51ff
      15     VM_ENTRY_MSR_LOAD_COUNT          e
      16     VM_ENTRY_INTR_INFO_FIELD         0
      17     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      18     VM_ENTRY_INSTRUCTION_LEN         0
      19     TPR_THRESHOLD                    0
      20     CR0_GUEST_HOST_MASK              ffffffffe0000021
      21     CR4_GUEST_HOST_MASK              fffffffffffff860
      22     CR0_READ_SHADOW                  11
      23     CR4_READ_SHADOW                  20
      24     CR3_TARGET_COUNT                 0
      25     CR3_TARGET_VALUE0                0
      26     VIRTUAL_PROCESSOR_ID             1
      27     IO_BITMAP_A                      329d0b000
      28     IO_BITMAP_B                      329d0a000
    `],
  ],
  // 37-haxm-netbsd-9.0-syslog-excerpt.txt
  '37': [
    ['haxm', `
      1      PAGE_FAULT_ERROR_CODE_MATCH      0
      2      VM_EXIT_CONTROLS                 236fff
      3      VM_EXIT_MSR_STORE_COUNT          0
      4      VM_EXIT_MSR_LOAD_COUNT           0
      5      VM_ENTRY_CONTROLS                93ff
      6      VM_ENTRY_MSR_LOAD_COUNT          0
      7      VM_ENTRY_INTR_INFO_FIELD         8
      8      VM_ENTRY_EXCEPTION_ERROR_CODE    0
      9      VM_ENTRY_INSTRUCTION_LEN         0
      10     TPR_THRESHOLD                    0
      11     CR0_GUEST_HOST_MASK              ffffffffe0000020
      12     CR4_GUEST_HOST_MASK              fffffffffff9f860
      13     CR0_READ_SHADOW                  80050031
    `],
  ],
  // 38-haxm-debug-step-exit_reason-raw-excerpt.txt
  '38': [
    ['haxm', `
      10     PIN_BASED_VM_EXEC_CONTROL        1f
      11     CPU_BASED_VM_EXEC_CONTROL        969861fa
      12     SECONDARY_VM_EXEC_CONTROL        aa
      13     EXCEPTION_BITMAP                 40002
      14     PAGE_FAULT_ERROR_CODE_MASK       0
      15     PAGE_FAULT_ERROR_CODE_MATCH      0
      16     VM_EXIT_CONTROLS                 236fff
      17     VM_EXIT_MSR_STORE_COUNT          0
      18     VM_EXIT_MSR_LOAD_COUNT           0
      19     VM_ENTRY_CONTROLS                11ff
      20     VM_ENTRY_MSR_LOAD_COUNT          0
      21     VM_ENTRY_INTR_INFO_FIELD         0
      22     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      23     VM_ENTRY_INSTRUCTION_LEN         0
      24     TPR_THRESHOLD                    0
      25     CR0_GUEST_HOST_MASK              ffffffffe0000020
      26     CR4_GUEST_HOST_MASK              fffffffffff9f860
      27     CR0_READ_SHADOW                  0
      28     CR4_READ_SHADOW                  2000
      29     CR3_TARGET_COUNT                 0
      30     CR3_TARGET_VALUE0                0
      31     VIRTUAL_PROCESSOR_ID             1
      32     IO_BITMAP_A                      a6fe7000
    `],
  ],
  // 39-xen-4.8-msr-loading-nbsp-wrapped-mail.txt
  '39': [
    ['xen', `
      53     VIRTUAL_PROCESSOR_ID             f71d
      50     POSTED_INTR_NV                   0
      51     EPTP_INDEX                       0
      49     TSC_OFFSET                       ffff797cd2ddfef4
      53     VM_FUNCTION_CONTROL              0
      51     EPT_POINTER                      41444701e
      49     TSC_MULTIPLIER                   0
      42     PIN_BASED_VM_EXEC_CONTROL        3f
      42     CPU_BASED_VM_EXEC_CONTROL        b62065fa
      44     EXCEPTION_BITMAP                 60002
      44     PAGE_FAULT_ERROR_CODE_MASK       0
      44     PAGE_FAULT_ERROR_CODE_MATCH      0
      43     VM_EXIT_CONTROLS                 fefff
      43     VM_ENTRY_CONTROLS                53ff
      45     VM_ENTRY_INTR_INFO_FIELD         2f
      45     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      45     VM_ENTRY_INSTRUCTION_LEN         0
      50     TPR_THRESHOLD                    0
      42     SECONDARY_VM_EXEC_CONTROL        54eb
      52     PLE_GAP                          80
      52     PLE_WINDOW                       1000
      7-8    CR0_GUEST_HOST_MASK              ffffffffffffffff
      9-10   CR4_GUEST_HOST_MASK              ffffffffffffffff
      7-8    CR0_READ_SHADOW                  80050031
      9-10   CR4_READ_SHADOW                  170678
      3      VM_EXIT_REASON                   80000022
      46     VM_EXIT_INTR_INFO                0
      46     VM_EXIT_INTR_ERROR_CODE          0
      48     IDT_VECTORING_INFO_FIELD         0
      48     IDT_VECTORING_ERROR_CODE         0
      46     VM_EXIT_INSTRUCTION_LEN          2
      3      EXIT_QUALIFICATION               2
      20     GUEST_ES_SELECTOR                2b
      17     GUEST_CS_SELECTOR                10
      19     GUEST_SS_SELECTOR                0
      18     GUEST_DS_SELECTOR                2b
      21     GUEST_FS_SELECTOR                53
      22     GUEST_GS_SELECTOR                2b
      24     GUEST_LDTR_SELECTOR              0
      26     GUEST_TR_SELECTOR                40
      29     GUEST_IA32_DEBUGCTL              1
      27     GUEST_IA32_PAT                   7010600070106
      27     GUEST_IA32_EFER                  400
      20     GUEST_ES_LIMIT                   ffffffff
      17     GUEST_CS_LIMIT                   0
      19     GUEST_SS_LIMIT                   ffffffff
      18     GUEST_DS_LIMIT                   ffffffff
      21     GUEST_FS_LIMIT                   7c00
      22     GUEST_GS_LIMIT                   ffffffff
      24     GUEST_LDTR_LIMIT                 ffffffff
      26     GUEST_TR_LIMIT                   67
      23     GUEST_GDTR_LIMIT                 57
      25     GUEST_IDTR_LIMIT                 fff
      20     GUEST_ES_AR_BYTES                c0f3
      17     GUEST_CS_AR_BYTES                209b
      19     GUEST_SS_AR_BYTES                1c000
      18     GUEST_DS_AR_BYTES                c0f3
      21     GUEST_FS_AR_BYTES                40f3
      22     GUEST_GS_AR_BYTES                c0f3
      24     GUEST_LDTR_AR_BYTES              1c000
      26     GUEST_TR_AR_BYTES                8b
      30     GUEST_INTERRUPTIBILITY_INFO      0
      30     GUEST_ACTIVITY_STATE             0
      28     GUEST_SMBASE                     0
      15     GUEST_SYSENTER_CS                0
      28     VMX_PREEMPTION_TIMER_VALUE       0
      7-8    GUEST_CR0                        80050031
      11     GUEST_CR3                        1b2725002
      9-10   GUEST_CR4                        172678
      20     GUEST_ES_BASE                    0
      17     GUEST_CS_BASE                    0
      19     GUEST_SS_BASE                    0
      18     GUEST_DS_BASE                    0
      21     GUEST_FS_BASE                    0
      22     GUEST_GS_BASE                    ffffb181c2d00000
      24     GUEST_LDTR_BASE                  0
      26     GUEST_TR_BASE                    ffffb181c2d14000
      23     GUEST_GDTR_BASE                  ffffb181c2d15fb0
      25     GUEST_IDTR_BASE                  ffffb181c2d13000
      14     GUEST_DR7                        400
      12-13  GUEST_RSP                        ffff960c962d1af8
      12-13  GUEST_RIP                        fffff80676dc29d0
      14     GUEST_RFLAGS                     2
      29     GUEST_PENDING_DBG_EXCEPTIONS     0
      15     GUEST_SYSENTER_ESP               0
      15     GUEST_SYSENTER_EIP               0
      34     HOST_ES_SELECTOR                 0
      34     HOST_CS_SELECTOR                 e008
      34     HOST_SS_SELECTOR                 0
      34     HOST_DS_SELECTOR                 0
      34     HOST_FS_SELECTOR                 0
      34     HOST_GS_SELECTOR                 0
      34     HOST_TR_SELECTOR                 e040
      40     HOST_IA32_PAT                    50100070406
      40     HOST_IA32_EFER                   0
      39     HOST_IA32_SYSENTER_CS            e008
      38     HOST_CR0                         80050033
      38     HOST_CR3                         417a40000
      38     HOST_CR4                         1526e0
      35-36  HOST_FS_BASE                     0
      35-36  HOST_GS_BASE                     0
      35-36  HOST_TR_BASE                     ffff83042bb02c80
      37     HOST_GDTR_BASE                   ffff83042baf2000
      37     HOST_IDTR_BASE                   ffff8304204ee000
      39     HOST_IA32_SYSENTER_ESP           ffff8304204f7fa0
      39     HOST_IA32_SYSENTER_EIP           ffff82d0802144b0
      32-33  HOST_RSP                         ffff8304204f7f70
      32-33  HOST_RIP                         ffff82d0801f0840
    `],
  ],
  // 40-kvm-5.17-rc-tertiary-sample-quoted-control-only.txt
  '40': [
    ['kvm', `
      5      TERTIARY_VM_EXEC_CONTROL         10
      4      PIN_BASED_VM_EXEC_CONTROL        ff
      4      CPU_BASED_VM_EXEC_CONTROL        b5a26dfa
      16     EXCEPTION_BITMAP                 60042
      16     PAGE_FAULT_ERROR_CODE_MASK       0
      16     PAGE_FAULT_ERROR_CODE_MATCH      0
      10     VM_EXIT_CONTROLS                 2befff
      10     VM_ENTRY_CONTROLS                d1ff
      17     VM_ENTRY_INTR_INFO_FIELD         0
      17     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      17     VM_ENTRY_INSTRUCTION_LEN         0
      4      SECONDARY_VM_EXEC_CONTROL        61037eb
      19     VM_EXIT_REASON                   30
      18     VM_EXIT_INTR_INFO                0
      18     VM_EXIT_INTR_ERROR_CODE          0
      18     VM_EXIT_INSTRUCTION_LEN          3
      19     EXIT_QUALIFICATION               784
    `],
  ],
  // 41-kvm-4.x-netconsole-wrapped-unexpected-exit-reason.txt
  '41': [
  ],
  // 42-kvm-5.2-lkft-nested-failed-vm-entry-no-dump.txt
  '42': [
  ],
  // 43-kvm-6.16-kvm_intel-unhandled-wrmsr-name-value.txt
  '43': [
  ],
  // 44-kvm-6.3-grsec-esxi-nested-elided-prefix-wrapped-prose.txt (44 and 45: the table was written
  // from the reader's output and then checked against the paste by eye, line by line, and by the
  // count of values each section prints: 59 guest, 21 host, 25 control for 44; 57, 22, 27 for 45)
  '44': [
    ['kvm', `
      4-5    CR0_READ_SHADOW                  80050033
      4-5    GUEST_CR0                        80040033
      4-5    CR0_GUEST_HOST_MASK              fffffffffffefff7
      14-15  CR4_READ_SHADOW                  3208b0
      14-15  GUEST_CR4                        3220f0
      14-15  CR4_GUEST_HOST_MASK              fffffffffffff871
      16     GUEST_CR3                        2684000
      17     GUEST_PDPTR0                     7d39001
      17     GUEST_PDPTR1                     33b5001
      18     GUEST_PDPTR2                     238c001
      18     GUEST_PDPTR3                     1c54001
      19     GUEST_RSP                        fffffe8040087f50
      19     GUEST_RIP                        ffffffff8105d435
      20     GUEST_DR7                        400
      20     GUEST_RFLAGS                     10006
      21     GUEST_SYSENTER_CS                0
      21     GUEST_SYSENTER_ESP               0
      21     GUEST_SYSENTER_EIP               0
      22-23  GUEST_CS_SELECTOR                10
      22-23  GUEST_CS_LIMIT                   ffffffff
      22-23  GUEST_CS_AR_BYTES                a09b
      22-23  GUEST_CS_BASE                    0
      24-25  GUEST_DS_SELECTOR                0
      24-25  GUEST_DS_LIMIT                   ffffffff
      24-25  GUEST_DS_AR_BYTES                1c001
      24-25  GUEST_DS_BASE                    0
      26-27  GUEST_SS_SELECTOR                0
      26-27  GUEST_SS_LIMIT                   ffffffff
      26-27  GUEST_SS_AR_BYTES                1c001
      26-27  GUEST_SS_BASE                    0
      28-29  GUEST_ES_SELECTOR                0
      28-29  GUEST_ES_LIMIT                   ffffffff
      28-29  GUEST_ES_AR_BYTES                1c001
      28-29  GUEST_ES_BASE                    0
      30-31  GUEST_FS_SELECTOR                0
      30-31  GUEST_FS_LIMIT                   ffffffff
      30-31  GUEST_FS_AR_BYTES                1c001
      30-31  GUEST_FS_BASE                    0
      32-33  GUEST_GS_SELECTOR                0
      32-33  GUEST_GS_LIMIT                   ffffffff
      32-33  GUEST_GS_AR_BYTES                1c001
      32-33  GUEST_GS_BASE                    ffff888232e00000
      34-35  GUEST_GDTR_LIMIT                 97
      34-35  GUEST_GDTR_BASE                  fffffe0000201000
      36-37  GUEST_LDTR_SELECTOR              0
      36-37  GUEST_LDTR_LIMIT                 ffff
      36-37  GUEST_LDTR_AR_BYTES              82
      36-37  GUEST_LDTR_BASE                  0
      38-39  GUEST_IDTR_LIMIT                 1ff
      38-39  GUEST_IDTR_BASE                  ffffffff84004000
      40-41  GUEST_TR_SELECTOR                0
      40-41  GUEST_TR_LIMIT                   ffff
      40-41  GUEST_TR_AR_BYTES                8b
      40-41  GUEST_TR_BASE                    0
      43     GUEST_IA32_PAT                   7040600070406
      44     GUEST_IA32_DEBUGCTL              0
      44     GUEST_PENDING_DBG_EXCEPTIONS     0
      45     GUEST_INTERRUPTIBILITY_INFO      0
      45     GUEST_ACTIVITY_STATE             0
      47     HOST_RSP                         fffffe8040927d50
      47     HOST_RIP                         ffffffff86d28db6
      48     HOST_ES_SELECTOR                 0
      48     HOST_CS_SELECTOR                 10
      48     HOST_SS_SELECTOR                 18
      48     HOST_DS_SELECTOR                 0
      48     HOST_FS_SELECTOR                 0
      48     HOST_GS_SELECTOR                 0
      48     HOST_TR_SELECTOR                 40
      49     HOST_FS_BASE                     639563fce700
      49     HOST_GS_BASE                     ffff88881a800000
      49     HOST_TR_BASE                     fffffe0001003000
      50     HOST_GDTR_BASE                   fffffe0001001000
      50     HOST_IDTR_BASE                   fffffe0000000000
      51     HOST_CR0                         80050033
      51     HOST_CR3                         26a0004
      51     HOST_CR4                         7626f0
      57     HOST_IA32_SYSENTER_CS            10
      57     HOST_IA32_SYSENTER_ESP           fffffe0001003000
      57     HOST_IA32_SYSENTER_EIP           ffffffff810031a0
      58     HOST_IA32_PAT                    407050600070106
      60     PIN_BASED_VM_EXEC_CONTROL        3f
      60     CPU_BASED_VM_EXEC_CONTROL        b5a06dfa
      60     SECONDARY_VM_EXEC_CONTROL        1034ee
      61     VM_EXIT_CONTROLS                 befff
      61     VM_ENTRY_CONTROLS                53ff
      62     EXCEPTION_BITMAP                 60042
      62     PAGE_FAULT_ERROR_CODE_MASK       0
      62     PAGE_FAULT_ERROR_CODE_MATCH      0
      63     VM_ENTRY_INTR_INFO_FIELD         0
      63     VM_ENTRY_EXCEPTION_ERROR_CODE    3
      63     VM_ENTRY_INSTRUCTION_LEN         0
      64     VM_EXIT_INTR_INFO                0
      64     VM_EXIT_INTR_ERROR_CODE          0
      64     VM_EXIT_INSTRUCTION_LEN          0
      65     VM_EXIT_REASON                   2
      65     EXIT_QUALIFICATION               0
      66     IDT_VECTORING_INFO_FIELD         0
      66     IDT_VECTORING_ERROR_CODE         0
      67     TSC_OFFSET                       ffffad7a1057f4cc
      68     TPR_THRESHOLD                    0
      69     VIRTUAL_APIC_PAGE_ADDR           15716b000
      70     EPT_POINTER                      583c1e05e
      71     PLE_GAP                          80
      71     PLE_WINDOW                       1000
      72     VIRTUAL_PROCESSOR_ID             2
    `],
  ],
  // 45-kvm-5.7-next-qemu-entry-failed-0x0-caller-id-prefix.txt
  '45': [
    ['qemu', `
      1      VM_INSTRUCTION_ERROR             0
      3      GUEST_RSP                        0
      4      GUEST_ACTIVITY_STATE             0
      4      GUEST_RIP                        fff0
      4      GUEST_RFLAGS                     10002
      5      GUEST_ES_SELECTOR                0
      5      GUEST_ES_LIMIT                   ffff
      5      GUEST_ES_AR_BYTES                93
      5      GUEST_ES_BASE                    0
      6      GUEST_CS_SELECTOR                f000
      6      GUEST_CS_LIMIT                   ffff
      6      GUEST_CS_AR_BYTES                9b
      6      GUEST_CS_BASE                    ffff0000
      7      GUEST_SS_SELECTOR                0
      7      GUEST_SS_LIMIT                   ffff
      7      GUEST_SS_AR_BYTES                93
      7      GUEST_SS_BASE                    0
      8      GUEST_DS_SELECTOR                0
      8      GUEST_DS_LIMIT                   ffff
      8      GUEST_DS_AR_BYTES                93
      8      GUEST_DS_BASE                    0
      9      GUEST_FS_SELECTOR                0
      9      GUEST_FS_LIMIT                   ffff
      9      GUEST_FS_AR_BYTES                93
      9      GUEST_FS_BASE                    0
      10     GUEST_GS_SELECTOR                0
      10     GUEST_GS_LIMIT                   ffff
      10     GUEST_GS_AR_BYTES                93
      10     GUEST_GS_BASE                    0
      11     GUEST_LDTR_SELECTOR              0
      11     GUEST_LDTR_LIMIT                 ffff
      11     GUEST_LDTR_AR_BYTES              82
      11     GUEST_LDTR_BASE                  0
      12     GUEST_TR_SELECTOR                0
      12     GUEST_TR_LIMIT                   ffff
      12     GUEST_TR_AR_BYTES                8b
      12     GUEST_TR_BASE                    0
      13     GUEST_GDTR_LIMIT                 ffff
      13     GUEST_GDTR_BASE                  0
      14     GUEST_IDTR_LIMIT                 ffff
      14     GUEST_IDTR_BASE                  0
      15     GUEST_CR0                        60000010
      15     GUEST_CR3                        0
      15     GUEST_CR4                        0
      17     GUEST_DR7                        400
      18     GUEST_IA32_EFER                  0
    `],
    ['kvm', `
      21     CR0_GUEST_HOST_MASK              fffffffffffffff7
      21     CR0_READ_SHADOW                  60000010
      21     GUEST_CR0                        30
      22     CR4_GUEST_HOST_MASK              ffffffffffffe871
      22     CR4_READ_SHADOW                  0
      22     GUEST_CR4                        2040
      23     GUEST_CR3                        0
      24     GUEST_RSP                        0
      24     GUEST_RIP                        fff0
      25     GUEST_DR7                        400
      25     GUEST_RFLAGS                     10002
      26     GUEST_SYSENTER_CS                0
      26     GUEST_SYSENTER_ESP               0
      26     GUEST_SYSENTER_EIP               0
      27     GUEST_CS_SELECTOR                f000
      27     GUEST_CS_LIMIT                   ffff
      27     GUEST_CS_AR_BYTES                9b
      27     GUEST_CS_BASE                    ffff0000
      28     GUEST_DS_SELECTOR                0
      28     GUEST_DS_LIMIT                   ffff
      28     GUEST_DS_AR_BYTES                93
      28     GUEST_DS_BASE                    0
      29     GUEST_SS_SELECTOR                0
      29     GUEST_SS_LIMIT                   ffff
      29     GUEST_SS_AR_BYTES                93
      29     GUEST_SS_BASE                    0
      30     GUEST_ES_SELECTOR                0
      30     GUEST_ES_LIMIT                   ffff
      30     GUEST_ES_AR_BYTES                93
      30     GUEST_ES_BASE                    0
      31     GUEST_FS_SELECTOR                0
      31     GUEST_FS_LIMIT                   ffff
      31     GUEST_FS_AR_BYTES                93
      31     GUEST_FS_BASE                    0
      32     GUEST_GS_SELECTOR                0
      32     GUEST_GS_LIMIT                   ffff
      32     GUEST_GS_AR_BYTES                93
      32     GUEST_GS_BASE                    0
      33     GUEST_GDTR_LIMIT                 ffff
      33     GUEST_GDTR_BASE                  0
      34     GUEST_LDTR_SELECTOR              0
      34     GUEST_LDTR_LIMIT                 ffff
      34     GUEST_LDTR_AR_BYTES              82
      34     GUEST_LDTR_BASE                  0
      35     GUEST_IDTR_LIMIT                 ffff
      35     GUEST_IDTR_BASE                  0
      36     GUEST_TR_SELECTOR                0
      36     GUEST_TR_LIMIT                   ffff
      36     GUEST_TR_AR_BYTES                8b
      36     GUEST_TR_BASE                    0
      37     GUEST_IA32_PAT                   7040600070406
      37     GUEST_IA32_EFER                  0
      38     GUEST_IA32_DEBUGCTL              0
      38     GUEST_PENDING_DBG_EXCEPTIONS     0
      39     GUEST_INTERRUPTIBILITY_INFO      0
      39     GUEST_ACTIVITY_STATE             0
      40     GUEST_INTR_STATUS                0
      42     HOST_RSP                         ffffb24ec6c9fb08
      42     HOST_RIP                         ffffffffc05ab620
      43     HOST_ES_SELECTOR                 0
      43     HOST_CS_SELECTOR                 10
      43     HOST_SS_SELECTOR                 18
      43     HOST_DS_SELECTOR                 0
      43     HOST_FS_SELECTOR                 0
      43     HOST_GS_SELECTOR                 0
      43     HOST_TR_SELECTOR                 40
      44     HOST_FS_BASE                     7f697ffff700
      44     HOST_GS_BASE                     ffff8d799f980000
      44     HOST_TR_BASE                     fffffe00001e0000
      45     HOST_GDTR_BASE                   fffffe00001de000
      45     HOST_IDTR_BASE                   fffffe0000000000
      46     HOST_CR0                         80050033
      46     HOST_CR3                         8802c8003
      46     HOST_CR4                         1626e0
      47     HOST_IA32_SYSENTER_CS            0
      47     HOST_IA32_SYSENTER_ESP           0
      47     HOST_IA32_SYSENTER_EIP           0
      48     HOST_IA32_PAT                    7040600070406
      48     HOST_IA32_EFER                   d01
      50     PIN_BASED_VM_EXEC_CONTROL        ff
      50     CPU_BASED_VM_EXEC_CONTROL        b5a06dfa
      50     SECONDARY_VM_EXEC_CONTROL        37eb
      51     VM_EXIT_CONTROLS                 2befff
      51     VM_ENTRY_CONTROLS                d1ff
      52     EXCEPTION_BITMAP                 60042
      52     PAGE_FAULT_ERROR_CODE_MASK       0
      52     PAGE_FAULT_ERROR_CODE_MATCH      0
      53     VM_ENTRY_INTR_INFO_FIELD         0
      53     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      53     VM_ENTRY_INSTRUCTION_LEN         0
      54     VM_EXIT_INTR_INFO                0
      54     VM_EXIT_INTR_ERROR_CODE          0
      54     VM_EXIT_INSTRUCTION_LEN          3
      55     VM_EXIT_REASON                   30
      55     EXIT_QUALIFICATION               184
      56     IDT_VECTORING_INFO_FIELD         0
      56     IDT_VECTORING_ERROR_CODE         0
      57     TSC_OFFSET                       ffffbe0284927b21
      58     TPR_THRESHOLD                    0
      59     VIRTUAL_APIC_PAGE_ADDR           d2e76c000
      59     APIC_ACCESS_ADDR                 e5dfc0000
      60     POSTED_INTR_NV                   f2
      61     EPT_POINTER                      105a27005e
      62     PLE_GAP                          80
      62     PLE_WINDOW                       1000
      63     VIRTUAL_PROCESSOR_ID             1
    `],
  ],
  // 46-xen-elided-indented-vmentry-failure-dr7.txt (46-48: rows written by hand from the paste;
  // Xen prints "MSR loading (entry N)" with N = the exit qualification less one, vmx.c)
  '46': [
    ['xen', `
      4      VM_EXIT_REASON                   80000021
      4      EXIT_QUALIFICATION               0
      6      GUEST_RFLAGS                     2
      6      GUEST_DR7                        4000000000000001
    `],
  ],
  // 47-xen-osstest-nested-quoted-vmentry-failure-pdpte.txt
  '47': [
    ['xen', `
      9      VM_EXIT_REASON                   80000021
      9      EXIT_QUALIFICATION               2
    `],
  ],
  // 48-xen-xtf-c-comment-msr-loading-lbr.txt
  '48': [
    ['xen', `
      6      VM_EXIT_REASON                   80000022
      6      EXIT_QUALIFICATION               4
    `],
  ],
  // 49-qemu-entry-failed-0x7-kvm-patch-digest-collapsed-gdt.txt (rows by hand from the paste)
  '49': [
    ['qemu', `
      5      VM_INSTRUCTION_ERROR             7
      7      GUEST_RSP                        0
      8      GUEST_RIP                        fff0
      8      GUEST_ACTIVITY_STATE             0
      8      GUEST_RFLAGS                     2
      9      GUEST_ES_SELECTOR                0
      9      GUEST_ES_BASE                    0
      9      GUEST_ES_LIMIT                   ffff
      9      GUEST_ES_AR_BYTES                93
      10     GUEST_CS_SELECTOR                f000
      10     GUEST_CS_BASE                    ffff0000
      10     GUEST_CS_LIMIT                   ffff
      10     GUEST_CS_AR_BYTES                9b
      11     GUEST_SS_SELECTOR                0
      11     GUEST_SS_BASE                    0
      11     GUEST_SS_LIMIT                   ffff
      11     GUEST_SS_AR_BYTES                93
      12     GUEST_DS_SELECTOR                0
      12     GUEST_DS_BASE                    0
      12     GUEST_DS_LIMIT                   ffff
      12     GUEST_DS_AR_BYTES                93
      13     GUEST_FS_SELECTOR                0
      13     GUEST_FS_BASE                    0
      13     GUEST_FS_LIMIT                   ffff
      13     GUEST_FS_AR_BYTES                93
      14     GUEST_GS_SELECTOR                0
      14     GUEST_GS_BASE                    0
      14     GUEST_GS_LIMIT                   ffff
      14     GUEST_GS_AR_BYTES                93
      15     GUEST_LDTR_SELECTOR              0
      15     GUEST_LDTR_BASE                  0
      15     GUEST_LDTR_LIMIT                 ffff
      15     GUEST_LDTR_AR_BYTES              82
      16     GUEST_TR_SELECTOR                0
      16     GUEST_TR_BASE                    0
      16     GUEST_TR_LIMIT                   ffff
      16     GUEST_TR_AR_BYTES                8b
      17     GUEST_GDTR_BASE                  0
      17     GUEST_GDTR_LIMIT                 ffff
      18     GUEST_IDTR_BASE                  0
      18     GUEST_IDTR_LIMIT                 ffff
      19     GUEST_CR0                        60000010
      19     GUEST_CR3                        0
      19     GUEST_CR4                        0
      21     GUEST_DR7                        400
      22     GUEST_IA32_EFER                  0
    `],
  ],
  // 50-virtualbox-vboxlog-guest-registers-efer-pat-excerpt.txt: VirtualBox's register dump, no VMCS
  '50': [
  ],
  // 51-rekall-vmscan-vmcs-layout-offsets-dmesg-excerpt.txt: a VMCS layout (offsets), no dump
  '51': [
  ],
  // 52-qemu-5.1-monitor-prompt-entry-failed-0x80000021-reset.txt (52-54: rows by hand from the paste)
  '52': [
    ['qemu', `
      9      VM_EXIT_REASON                   80000021
      17     GUEST_RSP                        13c68
      18     GUEST_RIP                        906428e6
      18     GUEST_ACTIVITY_STATE             0
      18     GUEST_RFLAGS                     2
      19     GUEST_ES_SELECTOR                0
      19     GUEST_ES_BASE                    0
      19     GUEST_ES_LIMIT                   ffff
      19     GUEST_ES_AR_BYTES                93
      20     GUEST_CS_SELECTOR                f000
      20     GUEST_CS_BASE                    ffff0000
      20     GUEST_CS_LIMIT                   ffff
      20     GUEST_CS_AR_BYTES                9b
      21     GUEST_SS_SELECTOR                0
      21     GUEST_SS_BASE                    0
      21     GUEST_SS_LIMIT                   ffff
      21     GUEST_SS_AR_BYTES                93
      22     GUEST_DS_SELECTOR                0
      22     GUEST_DS_BASE                    0
      22     GUEST_DS_LIMIT                   ffff
      22     GUEST_DS_AR_BYTES                93
      23     GUEST_FS_SELECTOR                0
      23     GUEST_FS_BASE                    0
      23     GUEST_FS_LIMIT                   ffff
      23     GUEST_FS_AR_BYTES                93
      24     GUEST_GS_SELECTOR                0
      24     GUEST_GS_BASE                    0
      24     GUEST_GS_LIMIT                   ffff
      24     GUEST_GS_AR_BYTES                93
      25     GUEST_LDTR_SELECTOR              0
      25     GUEST_LDTR_BASE                  0
      25     GUEST_LDTR_LIMIT                 ffff
      25     GUEST_LDTR_AR_BYTES              82
      26     GUEST_TR_SELECTOR                0
      26     GUEST_TR_BASE                    0
      26     GUEST_TR_LIMIT                   ffff
      26     GUEST_TR_AR_BYTES                8b
      27     GUEST_GDTR_BASE                  0
      27     GUEST_GDTR_LIMIT                 ffff
      28     GUEST_IDTR_BASE                  0
      28     GUEST_IDTR_LIMIT                 ffff
      29     GUEST_CR0                        60000010
      29     GUEST_CR3                        0
      29     GUEST_CR4                        0
      31     GUEST_DR7                        400
      32     GUEST_IA32_EFER                  0
    `],
  ],
  // 53-kvm-2022-two-bare-dump-lines-in-prose-pop-ss.txt: QEMU's message quoted in prose, then two
  // lines of KVM's dump with no header and no prefix
  '53': [
    ['qemu', `
      1      VM_EXIT_REASON                   80000021
    `],
    ['kvm', `
      4      GUEST_INTERRUPTIBILITY_INFO      2
      5      GUEST_PENDING_DBG_EXCEPTIONS     0
    `],
  ],
  // 54-qemu-entry-failed-0x80000021-then-oops-registers-shadow-mmu.txt: the oops after it is no dump
  '54': [
    ['qemu', `
      4      VM_EXIT_REASON                   80000021
      12     GUEST_RSP                        0
      13     GUEST_RIP                        e05b
      13     GUEST_ACTIVITY_STATE             0
      13     GUEST_RFLAGS                     2
      14     GUEST_ES_SELECTOR                0
      14     GUEST_ES_BASE                    0
      14     GUEST_ES_LIMIT                   ffff
      14     GUEST_ES_AR_BYTES                93
      15     GUEST_CS_SELECTOR                f000
      15     GUEST_CS_BASE                    f0000
      15     GUEST_CS_LIMIT                   ffff
      15     GUEST_CS_AR_BYTES                9b
      16     GUEST_SS_SELECTOR                0
      16     GUEST_SS_BASE                    0
      16     GUEST_SS_LIMIT                   ffff
      16     GUEST_SS_AR_BYTES                93
      17     GUEST_DS_SELECTOR                0
      17     GUEST_DS_BASE                    0
      17     GUEST_DS_LIMIT                   ffff
      17     GUEST_DS_AR_BYTES                93
      18     GUEST_FS_SELECTOR                0
      18     GUEST_FS_BASE                    0
      18     GUEST_FS_LIMIT                   ffff
      18     GUEST_FS_AR_BYTES                93
      19     GUEST_GS_SELECTOR                0
      19     GUEST_GS_BASE                    0
      19     GUEST_GS_LIMIT                   ffff
      19     GUEST_GS_AR_BYTES                93
      20     GUEST_LDTR_SELECTOR              0
      20     GUEST_LDTR_BASE                  0
      20     GUEST_LDTR_LIMIT                 ffff
      20     GUEST_LDTR_AR_BYTES              82
      21     GUEST_TR_SELECTOR                0
      21     GUEST_TR_BASE                    0
      21     GUEST_TR_LIMIT                   ffff
      21     GUEST_TR_AR_BYTES                8b
      22     GUEST_GDTR_BASE                  0
      22     GUEST_GDTR_LIMIT                 ffff
      23     GUEST_IDTR_BASE                  0
      23     GUEST_IDTR_LIMIT                 ffff
      24     GUEST_CR0                        60000010
      24     GUEST_CR3                        0
      24     GUEST_CR4                        0
      26     GUEST_DR7                        400
      27     GUEST_IA32_EFER                  0
    `],
  ],
  // 55-trace-6.x-kvm_exit-trimmed-fields-comm-with-space-annotated.txt (rows by hand: one dump per
  // kvm_exit / kvm_nested_vmexit / kvm_nested_vmexit_inject line; reason names from the SDM's table)
  '55': [
    ['kvm-exit', `
      8      VM_EXIT_REASON                   1
      8      VM_EXIT_INTR_INFO                800000ec
    `],
    ['kvm-exit', `
      15     VM_EXIT_REASON                   1d
      15     EXIT_QUALIFICATION               216
    `],
    ['kvm-exit', `
      21     VM_EXIT_REASON                   c
    `],
    ['kvm-exit', `
      28     VM_EXIT_REASON                   1d
      28     EXIT_QUALIFICATION               216
    `],
    ['kvm-exit', `
      29     VM_EXIT_REASON                   1d
      29     EXIT_QUALIFICATION               216
    `],
    ['kvm-exit', `
      32     VM_EXIT_REASON                   1d
      32     EXIT_QUALIFICATION               216
    `],
    ['kvm-exit', `
      35     VM_EXIT_REASON                   17
    `],
    ['kvm-exit', `
      37     VM_EXIT_REASON                   17
    `],
    ['kvm-exit', `
      41     VM_EXIT_REASON                   1d
      41     EXIT_QUALIFICATION               7
    `],
    ['kvm-exit', `
      49     VM_EXIT_REASON                   34
    `],
    ['kvm-exit', `
      56     VM_EXIT_REASON                   18
    `],
  ],
  // 56-kvm-unit-tests-5.2-host-sel-fail-then-qemu-entry-failed-header-only.txt
  // (56-74: added by the hunt of issue 10; each row read off the paste by hand, line numbers counted
  // in the saved file, then compared with the reader's output; the QEMU segment attributes converted as
  // described above, the trace values per arch/x86/kvm/trace.h)
  // 56: kvm-unit-tests lines naming host selectors (HOST_SEL_DS 14) are no dump; QEMU's header alone is
  '56': [
    ['qemu', `
      23     VM_EXIT_REASON                   80000021
    `],
  ],
  // 57-trace-6.7-nested_vmenter-nested_vmexit_inject-triple-fault-wrapped-tabs.txt
  // 57: kvm_nested_vmenter (nested_rip, int_ctl = vmcs12 guest_intr_status, event_inj, guest cr3) and a
  // kvm_nested_vmexit_inject hard-wrapped over three lines (tabs); equal zeros on every line
  '57': [
    ['kvm-exit', `
      9      GUEST_INTR_STATUS                0
      9      GUEST_RIP                        0
      10     VM_ENTRY_INTR_INFO_FIELD         0
      11     GUEST_CR3                        2000
    `],
    ['kvm-exit', `
      12     VM_EXIT_REASON                   2
      12     EXIT_QUALIFICATION               0
      13     VM_EXIT_INTR_INFO                0
      13     IDT_VECTORING_INFO_FIELD         0
      14     VM_EXIT_INTR_ERROR_CODE          0
    `],
  ],
  // 58-haxm-triple-fault-haxm_warning-controls-excerpt.txt
  '58': [
    ['haxm', `
      9      PIN_BASED_VM_EXEC_CONTROL        1f
      10     CPU_BASED_VM_EXEC_CONTROL        969861fe
      11     SECONDARY_VM_EXEC_CONTROL        aa
      12     EXCEPTION_BITMAP                 40000
      13     PAGE_FAULT_ERROR_CODE_MASK       0
      14     PAGE_FAULT_ERROR_CODE_MATCH      0
      15     VM_EXIT_CONTROLS                 236fff
      16     VM_EXIT_MSR_STORE_COUNT          0
      17     VM_EXIT_MSR_LOAD_COUNT           0
      18     VM_ENTRY_CONTROLS                93ff
      19     VM_ENTRY_MSR_LOAD_COUNT          0
      20     VM_ENTRY_INTR_INFO_FIELD         8
      21     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      22     VM_ENTRY_INSTRUCTION_LEN         0
      23     TPR_THRESHOLD                    0
      24     CR0_GUEST_HOST_MASK              ffffffffe0000020
      25     CR4_GUEST_HOST_MASK              ffffffffffc8f860
      26     CR0_READ_SHADOW                  80050031
      27     CR4_READ_SHADOW                  6a0
      28     CR3_TARGET_COUNT                 0
      29     CR3_TARGET_VALUE0                0
      30     VIRTUAL_PROCESSOR_ID             1
    `],
  ],
  // 59-haxm-netbsd-two-vcpus-interleaved-comma-timestamp-excerpt.txt
  // 59: two (or more) vCPUs printing their dumps at once, their lines carrying no vCPU id (HAXM's
  // core/dump.c prints the same list, in the same order, for every vCPU): 4004 printed again on
  // line 8 before the list starts over shows a second printer, and which line is whose cannot be
  // told (a run from 0x4000 to the list's last field would be one vCPU's whole dump; there is none).
  // No dump: the 13 values are reported by line (interleaved-lines, lines 2-3, 5-6, 8-13, 15-17).
  '59': [
  ],
  // 60-haxm-netbsd-guest-state-fields-decoder-failure-excerpt.txt
  '60': [
    ['haxm', `
      2      GUEST_RSP                        d4d01978
      3      GUEST_CR0                        8001003b
      4      GUEST_CR3                        7d3eb40
      5      GUEST_CR4                        26e0
      6      GUEST_ES_SELECTOR                10
      7      GUEST_CS_SELECTOR                50
      8      GUEST_SS_SELECTOR                10
      9      GUEST_DS_SELECTOR                10
      10     GUEST_FS_SELECTOR                20
      11     GUEST_GS_SELECTOR                0
      12     GUEST_LDTR_SELECTOR              0
      13     GUEST_TR_SELECTOR                68
      14     GUEST_ES_AR_BYTES                c093
      15     GUEST_CS_AR_BYTES                c09b
      16     GUEST_SS_AR_BYTES                c093
      17     GUEST_DS_AR_BYTES                c093
      18     GUEST_FS_AR_BYTES                93
      19     GUEST_GS_AR_BYTES                1c000
      20     GUEST_LDTR_AR_BYTES              1c000
      21     GUEST_TR_AR_BYTES                8b
      22     GUEST_ES_BASE                    0
      23     GUEST_CS_BASE                    0
      24     GUEST_SS_BASE                    0
      25     GUEST_DS_BASE                    0
    `],
  ],
  // 61-haxm-qemu-3.1-haxm_warning-no-space-after-error-lines-excerpt.txt
  '61': [
    ['haxm', `
      6      PIN_BASED_VM_EXEC_CONTROL        1f
      7      CPU_BASED_VM_EXEC_CONTROL        969861fe
      8      SECONDARY_VM_EXEC_CONTROL        aa
      9      EXCEPTION_BITMAP                 40000
      10     PAGE_FAULT_ERROR_CODE_MASK       0
      11     PAGE_FAULT_ERROR_CODE_MATCH      0
      12     VM_EXIT_CONTROLS                 236fff
      13     VM_EXIT_MSR_STORE_COUNT          0
      14     VM_EXIT_MSR_LOAD_COUNT           0
      15     VM_ENTRY_CONTROLS                11ff
      16     VM_ENTRY_MSR_LOAD_COUNT          0
      17     VM_ENTRY_INTR_INFO_FIELD         0
      18     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      19     VM_ENTRY_INSTRUCTION_LEN         0
      20     TPR_THRESHOLD                    0
      21     CR0_GUEST_HOST_MASK              ffffffffe0000020
      22     CR4_GUEST_HOST_MASK              ffffffffffc8f860
      23     CR0_READ_SHADOW                  11
      24     CR4_READ_SHADOW                  0
      25     CR3_TARGET_COUNT                 0
    `],
  ],
  // 62-xen-4.x-drakvuf-markdown-blockquote-annotated-dump-head-excerpt.txt
  '62': [
    ['xen', `
      21     VM_EXIT_REASON                   80000021
      21     EXIT_QUALIFICATION               0
      24     CR0_GUEST_HOST_MASK              ffffffffffffffff
      24     CR0_READ_SHADOW                  80050031
      24     GUEST_CR0                        80050039
      25     CR4_GUEST_HOST_MASK              ffffffffffffffff
      25     CR4_READ_SHADOW                  170678
      25     GUEST_CR4                        172678
    `],
  ],
  // 63-qemu-5.2-internal-error-emulation-failure-x86_64-tss64-busy-excerpt.txt
  '63': [
    ['qemu', `
      9      GUEST_RSP                        ffff800000ffff38
      12     GUEST_ACTIVITY_STATE             0
      12     GUEST_RIP                        ffff80000020ea22
      12     GUEST_RFLAGS                     10086
      13     GUEST_ES_SELECTOR                20
      13     GUEST_ES_LIMIT                   0
      13     GUEST_ES_AR_BYTES                93
      13     GUEST_ES_BASE                    0
      14     GUEST_CS_SELECTOR                10
      14     GUEST_CS_LIMIT                   0
      14     GUEST_CS_AR_BYTES                2099
      14     GUEST_CS_BASE                    0
      15     GUEST_SS_SELECTOR                20
      15     GUEST_SS_LIMIT                   0
      15     GUEST_SS_AR_BYTES                93
      15     GUEST_SS_BASE                    0
      16     GUEST_DS_SELECTOR                20
      16     GUEST_DS_LIMIT                   0
      16     GUEST_DS_AR_BYTES                93
      16     GUEST_DS_BASE                    0
      17     GUEST_FS_SELECTOR                20
      17     GUEST_FS_LIMIT                   0
      17     GUEST_FS_AR_BYTES                93
      17     GUEST_FS_BASE                    0
      18     GUEST_GS_SELECTOR                20
      18     GUEST_GS_LIMIT                   0
      18     GUEST_GS_AR_BYTES                93
      18     GUEST_GS_BASE                    0
      19     GUEST_LDTR_SELECTOR              0
      19     GUEST_LDTR_LIMIT                 ffff
      19     GUEST_LDTR_AR_BYTES              82
      19     GUEST_LDTR_BASE                  0
      20     GUEST_TR_SELECTOR                400
      20     GUEST_TR_LIMIT                   67
      20     GUEST_TR_AR_BYTES                8b
      20     GUEST_TR_BASE                    ffff800001416000
      21     GUEST_GDTR_LIMIT                 fff
      21     GUEST_GDTR_BASE                  ffff800001415000
      22     GUEST_IDTR_LIMIT                 fff
      22     GUEST_IDTR_BASE                  ffff800001517000
      23     GUEST_CR0                        80000033
      23     GUEST_CR3                        1413000
      23     GUEST_CR4                        626e8
    `],
  ],
  // 64-kontain-km-own-kvm_get_regs-sregs-dump-not-vmcs-excerpt.txt
  // 64, 65: a VMM's own register dumps (KVM_GET_REGS/KVM_GET_SREGS), not VMCS: no dump
  '64': [
  ],
  // 65-solo5-ukvm-own-sregs-table-not-vmcs.txt
  '65': [
  ],
  // 66-trace-5.13-svm-kvm_exit-nested_vmexit-quoted-wrapped-amd.txt
  // 66: an AMD trace (trace-cmd's SVM names EXIT_NPF..., lower-case npf): no VMCS, no dump
  '66': [
  ],
  // 67-qemu-5.1-quoted-reply-prose-between-header-and-registers.txt
  // 67: a reply's prose between QEMU's header line and its register dump (same run as 52)
  '67': [
    ['qemu', `
      9      VM_EXIT_REASON                   80000021
      24     GUEST_RSP                        13c68
      25     GUEST_ACTIVITY_STATE             0
      25     GUEST_RIP                        906428e6
      25     GUEST_RFLAGS                     2
      26     GUEST_ES_SELECTOR                0
      26     GUEST_ES_LIMIT                   ffff
      26     GUEST_ES_AR_BYTES                93
      26     GUEST_ES_BASE                    0
      27     GUEST_CS_SELECTOR                f000
      27     GUEST_CS_LIMIT                   ffff
      27     GUEST_CS_AR_BYTES                9b
      27     GUEST_CS_BASE                    ffff0000
      28     GUEST_SS_SELECTOR                0
      28     GUEST_SS_LIMIT                   ffff
      28     GUEST_SS_AR_BYTES                93
      28     GUEST_SS_BASE                    0
      29     GUEST_DS_SELECTOR                0
      29     GUEST_DS_LIMIT                   ffff
      29     GUEST_DS_AR_BYTES                93
      29     GUEST_DS_BASE                    0
      30     GUEST_FS_SELECTOR                0
      30     GUEST_FS_LIMIT                   ffff
      30     GUEST_FS_AR_BYTES                93
      30     GUEST_FS_BASE                    0
      31     GUEST_GS_SELECTOR                0
      31     GUEST_GS_LIMIT                   ffff
      31     GUEST_GS_AR_BYTES                93
      31     GUEST_GS_BASE                    0
      32     GUEST_LDTR_SELECTOR              0
      32     GUEST_LDTR_LIMIT                 ffff
      32     GUEST_LDTR_AR_BYTES              82
      32     GUEST_LDTR_BASE                  0
      33     GUEST_TR_SELECTOR                0
      33     GUEST_TR_LIMIT                   ffff
      33     GUEST_TR_AR_BYTES                8b
      33     GUEST_TR_BASE                    0
      34     GUEST_GDTR_LIMIT                 ffff
      34     GUEST_GDTR_BASE                  0
      35     GUEST_IDTR_LIMIT                 ffff
      35     GUEST_IDTR_BASE                  0
      36     GUEST_CR0                        60000010
      36     GUEST_CR3                        0
      36     GUEST_CR4                        0
      38     GUEST_DR7                        400
      39     GUEST_IA32_EFER                  0
    `],
  ],
  // 68-noah-macos-hypervisor-framework-vm-entry-failure-exit-reason-64bit.txt
  // 68: a Hypervisor.framework VMM's own line (noah's src/main.c: `exit_reason ^= (1<<31)`, printed
  // only when bit 31 is set; the int 1<<31 widened to 64 bits also set bits 63:32): exit reason 0x80000021
  '68': [
    ['pairs', `
      3      VM_EXIT_REASON                   80000021
    `],
  ],
  // 69-kvm-5.11-cet-patchset-guest-and-host-cet-lines-mailer-wrapped.txt
  // 69: a CET patch set's dump, hard-wrapped by the mailer: guest S_CET/SSP/SSP TABLE in the guest
  // section, the same three lines again after the control state (host state by position); SVI|RVI is the
  // guest interrupt status InterruptStatus already gave (one field, its first line)
  '69': [
    ['kvm', `
      6      GUEST_CR0                        30
      7      CR0_GUEST_HOST_MASK              fffffffffffffff7
      7      CR0_READ_SHADOW                  60000010
      8      GUEST_CR4                        2040
      9      CR4_GUEST_HOST_MASK              fffffffffffef871
      9      CR4_READ_SHADOW                  0
      10     GUEST_CR3                        0
      11     GUEST_RSP                        0
      11     GUEST_RIP                        fff0
      12     GUEST_DR7                        400
      12     GUEST_RFLAGS                     2
      13     GUEST_SYSENTER_ESP               0
      14     GUEST_SYSENTER_CS                0
      14     GUEST_SYSENTER_EIP               0
      15     GUEST_CS_SELECTOR                f000
      15     GUEST_CS_LIMIT                   ffff
      15     GUEST_CS_AR_BYTES                9b
      16     GUEST_CS_BASE                    ffff0000
      17     GUEST_DS_SELECTOR                0
      17     GUEST_DS_LIMIT                   ffff
      17     GUEST_DS_AR_BYTES                93
      18     GUEST_DS_BASE                    0
      19     GUEST_SS_SELECTOR                0
      19     GUEST_SS_LIMIT                   ffff
      19     GUEST_SS_AR_BYTES                93
      20     GUEST_SS_BASE                    0
      21     GUEST_ES_SELECTOR                0
      21     GUEST_ES_LIMIT                   ffff
      21     GUEST_ES_AR_BYTES                93
      22     GUEST_ES_BASE                    0
      23     GUEST_FS_SELECTOR                0
      23     GUEST_FS_LIMIT                   ffff
      23     GUEST_FS_AR_BYTES                93
      24     GUEST_FS_BASE                    0
      25     GUEST_GS_SELECTOR                0
      25     GUEST_GS_LIMIT                   ffff
      25     GUEST_GS_AR_BYTES                93
      26     GUEST_GS_BASE                    0
      27     GUEST_GDTR_LIMIT                 ffff
      28     GUEST_GDTR_BASE                  0
      29     GUEST_LDTR_SELECTOR              0
      29     GUEST_LDTR_LIMIT                 ffff
      29     GUEST_LDTR_AR_BYTES              82
      30     GUEST_LDTR_BASE                  0
      31     GUEST_IDTR_LIMIT                 ffff
      32     GUEST_IDTR_BASE                  0
      33     GUEST_TR_SELECTOR                0
      33     GUEST_TR_LIMIT                   ffff
      33     GUEST_TR_AR_BYTES                8b
      34     GUEST_TR_BASE                    0
      35     GUEST_IA32_PAT                   7040600070406
      35     GUEST_IA32_EFER                  0
      36     GUEST_IA32_DEBUGCTL              0
      37     GUEST_PENDING_DBG_EXCEPTIONS     0
      38     GUEST_INTERRUPTIBILITY_INFO      0
      38     GUEST_ACTIVITY_STATE             0
      39     GUEST_INTR_STATUS                0
      40     GUEST_S_CET                      0
      41     GUEST_SSP                        7fc1727fdfd0
      42     GUEST_INTR_SSP_TABLE             0
      44     HOST_RSP                         ffffaed7c150bd68
      44     HOST_RIP                         ffffffffc1235900
      45     HOST_ES_SELECTOR                 0
      45     HOST_CS_SELECTOR                 10
      45     HOST_SS_SELECTOR                 18
      45     HOST_DS_SELECTOR                 0
      45     HOST_FS_SELECTOR                 0
      45     HOST_GS_SELECTOR                 0
      45     HOST_TR_SELECTOR                 40
      46     HOST_FS_BASE                     7f6851d36700
      46     HOST_GS_BASE                     ffff9de2e0980000
      47     HOST_TR_BASE                     fffffe0000141000
      48     HOST_GDTR_BASE                   fffffe000013f000
      48     HOST_IDTR_BASE                   fffffe0000000000
      49     HOST_CR0                         80050033
      49     HOST_CR3                         1135ae001
      50     HOST_CR4                         f72ee0
      51     HOST_IA32_SYSENTER_ESP           fffffe0000141000
      52     HOST_IA32_SYSENTER_CS            10
      52     HOST_IA32_SYSENTER_EIP           ffffffff8dc015e0
      53     HOST_IA32_PAT                    407050600070106
      53     HOST_IA32_EFER                   d01
      55     PIN_BASED_VM_EXEC_CONTROL        ff
      55     CPU_BASED_VM_EXEC_CONTROL        b5a06dfa
      56     SECONDARY_VM_EXEC_CONTROL        21237eb
      57     VM_EXIT_CONTROLS                 102befff
      57     VM_ENTRY_CONTROLS                10d1ff
      58     EXCEPTION_BITMAP                 60042
      58     PAGE_FAULT_ERROR_CODE_MASK       0
      59     PAGE_FAULT_ERROR_CODE_MATCH      0
      60     VM_ENTRY_INTR_INFO_FIELD         0
      60     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      61     VM_ENTRY_INSTRUCTION_LEN         0
      62     VM_EXIT_INTR_INFO                0
      62     VM_EXIT_INTR_ERROR_CODE          0
      63     VM_EXIT_INSTRUCTION_LEN          2
      64     VM_EXIT_REASON                   80000021
      64     EXIT_QUALIFICATION               0
      65     IDT_VECTORING_INFO_FIELD         0
      65     IDT_VECTORING_ERROR_CODE         0
      66     TSC_OFFSET                       fffd10acb111a2a0
      67     TSC_MULTIPLIER                   1000000000000
      68     TPR_THRESHOLD                    0
      69     APIC_ACCESS_ADDR                 499d63000
      70     VIRTUAL_APIC_PAGE_ADDR           11ade6000
      71     POSTED_INTR_NV                   f2
      72     EPT_POINTER                      11fffc05e
      73     PLE_GAP                          80
      73     PLE_WINDOW                       10000
      74     VIRTUAL_PROCESSOR_ID             1
      75     HOST_S_CET                       0
      76     HOST_SSP                         0
      77     HOST_INTR_SSP_TABLE              0
    `],
  ],
  // 70-kvm-5.x-dosemu2-dump-head-quoted-three-deep-wrapped-reply-inside.txt
  // 70: the head of sample 02's dump as quoted three deep in a reply: the wrapped halves quoted too,
  // the replier's comment right after the DS line
  '70': [
    ['kvm', `
      14     GUEST_CR0                        80000031
      15     CR0_GUEST_HOST_MASK              fffffffffffffff7
      15     CR0_READ_SHADOW                  e0000031
      16     GUEST_CR4                        2041
      17     CR4_GUEST_HOST_MASK              ffffffffffffe871
      17     CR4_READ_SHADOW                  1
      18     GUEST_CR3                        a709000
      19     GUEST_RSP                        eff0
      19     GUEST_RIP                        17c
      20     GUEST_DR7                        400
      20     GUEST_RFLAGS                     80202
      21     GUEST_SYSENTER_CS                0
      21     GUEST_SYSENTER_ESP               0
      21     GUEST_SYSENTER_EIP               0
      22     GUEST_CS_SELECTOR                97
      22     GUEST_CS_LIMIT                   1a0
      22     GUEST_CS_AR_BYTES                40fb
      23     GUEST_CS_BASE                    2110000
      24     GUEST_DS_SELECTOR                f7
      24     GUEST_DS_LIMIT                   ffffffff
      24     GUEST_DS_AR_BYTES                c0f2
      25     GUEST_DS_BASE                    0
    `],
  ],
  // 71-xen-4.x-drakvuf-xenial3-dump-head-fenced-excerpt.txt
  // 71: a second dump of the drakvuf thread of 28 (another guest), after a Markdown attachment link
  '71': [
    ['xen', `
      6      VM_EXIT_REASON                   80000021
      6      EXIT_QUALIFICATION               0
      9      CR0_GUEST_HOST_MASK              ffffffffffffffff
      9      CR0_READ_SHADOW                  80050033
      9      GUEST_CR0                        8005003b
      10     CR4_GUEST_HOST_MASK              ffffffffffffffff
      10     CR4_READ_SHADOW                  360670
      10     GUEST_CR4                        362670
      11     GUEST_CR3                        8000000017464000
      12     GUEST_PDPTR0                     0
      12     GUEST_PDPTR1                     0
      13     GUEST_PDPTR2                     0
      13     GUEST_PDPTR3                     0
      14     GUEST_RSP                        7f3d6b8ccc38
      14     GUEST_RIP                        ffffffff8184ef2d
      15     GUEST_DR7                        400
      15     GUEST_RFLAGS                     6
      16     GUEST_SYSENTER_CS                10
      16     GUEST_SYSENTER_ESP               0
      16     GUEST_SYSENTER_EIP               ffffffff81851f60
      18     GUEST_CS_SELECTOR                10
      18     GUEST_CS_LIMIT                   ffffffff
      18     GUEST_CS_AR_BYTES                a09b
      18     GUEST_CS_BASE                    0
      19     GUEST_DS_SELECTOR                0
      19     GUEST_DS_LIMIT                   ffffffff
      19     GUEST_DS_AR_BYTES                1c000
      19     GUEST_DS_BASE                    0
      20     GUEST_SS_SELECTOR                18
      20     GUEST_SS_LIMIT                   ffffffff
      20     GUEST_SS_AR_BYTES                c093
      20     GUEST_SS_BASE                    0
      21     GUEST_ES_SELECTOR                0
      21     GUEST_ES_LIMIT                   ffffffff
      21     GUEST_ES_AR_BYTES                1c000
      21     GUEST_ES_BASE                    0
      22     GUEST_FS_SELECTOR                0
      22     GUEST_FS_LIMIT                   ffffffff
      22     GUEST_FS_AR_BYTES                1c000
      22     GUEST_FS_BASE                    7f3d6b8cd700
      23     GUEST_GS_SELECTOR                0
      23     GUEST_GS_LIMIT                   ffffffff
      23     GUEST_GS_AR_BYTES                1c000
      23     GUEST_GS_BASE                    ffff88001f400000
      24     GUEST_GDTR_LIMIT                 7f
      24     GUEST_GDTR_BASE                  ffff88001f40c000
      25     GUEST_LDTR_SELECTOR              0
      25     GUEST_LDTR_LIMIT                 ffffffff
      25     GUEST_LDTR_AR_BYTES              1c000
      25     GUEST_LDTR_BASE                  0
    `],
  ],
  // 72, 73: KVM's message of a failed VMWRITE (4.x `vmwrite error: reg R value V (err N)`, 5.4+ `vmwrite
  // failed: field=R val=V err=N`): the value was not written; N is the VM-instruction error of the current
  // VMCS when it is one (12: VMWRITE to a read-only component), else (72's 70) only a note
  '72': [
    ['kvm-exit', ``],
  ],
  '73': [
    ['kvm-exit', `
      2      VM_INSTRUCTION_ERROR             c
    `],
    ['kvm-exit', `
      70     VM_INSTRUCTION_ERROR             c
    `],
  ],
  // 74: sample 45's mail as the archive stores it (quoted-printable, not decoded): the same values as 45;
  // a value on a line a soft break continued is read at the joined line's first line (rows a-b)
  '74': [
    ['qemu', `
      15     VM_INSTRUCTION_ERROR             0
      17     GUEST_RSP                        0
      18-19  GUEST_ACTIVITY_STATE             0
      18-19  GUEST_RIP                        fff0
      18-19  GUEST_RFLAGS                     10002
      20     GUEST_ES_SELECTOR                0
      20     GUEST_ES_LIMIT                   ffff
      20     GUEST_ES_AR_BYTES                93
      20     GUEST_ES_BASE                    0
      21     GUEST_CS_SELECTOR                f000
      21     GUEST_CS_LIMIT                   ffff
      21     GUEST_CS_AR_BYTES                9b
      21     GUEST_CS_BASE                    ffff0000
      22     GUEST_SS_SELECTOR                0
      22     GUEST_SS_LIMIT                   ffff
      22     GUEST_SS_AR_BYTES                93
      22     GUEST_SS_BASE                    0
      23     GUEST_DS_SELECTOR                0
      23     GUEST_DS_LIMIT                   ffff
      23     GUEST_DS_AR_BYTES                93
      23     GUEST_DS_BASE                    0
      24     GUEST_FS_SELECTOR                0
      24     GUEST_FS_LIMIT                   ffff
      24     GUEST_FS_AR_BYTES                93
      24     GUEST_FS_BASE                    0
      25     GUEST_GS_SELECTOR                0
      25     GUEST_GS_LIMIT                   ffff
      25     GUEST_GS_AR_BYTES                93
      25     GUEST_GS_BASE                    0
      26     GUEST_LDTR_SELECTOR              0
      26     GUEST_LDTR_LIMIT                 ffff
      26     GUEST_LDTR_AR_BYTES              82
      26     GUEST_LDTR_BASE                  0
      27     GUEST_TR_SELECTOR                0
      27     GUEST_TR_LIMIT                   ffff
      27     GUEST_TR_AR_BYTES                8b
      27     GUEST_TR_BASE                    0
      28     GUEST_GDTR_LIMIT                 ffff
      28     GUEST_GDTR_BASE                  0
      29     GUEST_IDTR_LIMIT                 ffff
      29     GUEST_IDTR_BASE                  0
      30     GUEST_CR0                        60000010
      30     GUEST_CR3                        0
      30     GUEST_CR4                        0
      33     GUEST_DR7                        400
      34     GUEST_IA32_EFER                  0
    `],
    ['kvm', `
      37-38  CR0_GUEST_HOST_MASK              fffffffffffffff7
      37-38  CR0_READ_SHADOW                  60000010
      37-38  GUEST_CR0                        30
      39-40  CR4_GUEST_HOST_MASK              ffffffffffffe871
      39-40  CR4_READ_SHADOW                  0
      39-40  GUEST_CR4                        2040
      41     GUEST_CR3                        0
      42-43  GUEST_RSP                        0
      42-43  GUEST_RIP                        fff0
      44-45  GUEST_DR7                        400
      44-45  GUEST_RFLAGS                     10002
      46-47  GUEST_SYSENTER_CS                0
      46-47  GUEST_SYSENTER_ESP               0
      46-47  GUEST_SYSENTER_EIP               0
      48-49  GUEST_CS_SELECTOR                f000
      48-49  GUEST_CS_LIMIT                   ffff
      48-49  GUEST_CS_AR_BYTES                9b
      48-49  GUEST_CS_BASE                    ffff0000
      50-51  GUEST_DS_SELECTOR                0
      50-51  GUEST_DS_LIMIT                   ffff
      50-51  GUEST_DS_AR_BYTES                93
      50-51  GUEST_DS_BASE                    0
      52-53  GUEST_SS_SELECTOR                0
      52-53  GUEST_SS_LIMIT                   ffff
      52-53  GUEST_SS_AR_BYTES                93
      52-53  GUEST_SS_BASE                    0
      54-55  GUEST_ES_SELECTOR                0
      54-55  GUEST_ES_LIMIT                   ffff
      54-55  GUEST_ES_AR_BYTES                93
      54-55  GUEST_ES_BASE                    0
      56-57  GUEST_FS_SELECTOR                0
      56-57  GUEST_FS_LIMIT                   ffff
      56-57  GUEST_FS_AR_BYTES                93
      56-57  GUEST_FS_BASE                    0
      58-59  GUEST_GS_SELECTOR                0
      58-59  GUEST_GS_LIMIT                   ffff
      58-59  GUEST_GS_AR_BYTES                93
      58-59  GUEST_GS_BASE                    0
      60-61  GUEST_GDTR_LIMIT                 ffff
      60-61  GUEST_GDTR_BASE                  0
      62-63  GUEST_LDTR_SELECTOR              0
      62-63  GUEST_LDTR_LIMIT                 ffff
      62-63  GUEST_LDTR_AR_BYTES              82
      62-63  GUEST_LDTR_BASE                  0
      64-65  GUEST_IDTR_LIMIT                 ffff
      64-65  GUEST_IDTR_BASE                  0
      66-67  GUEST_TR_SELECTOR                0
      66-67  GUEST_TR_LIMIT                   ffff
      66-67  GUEST_TR_AR_BYTES                8b
      66-67  GUEST_TR_BASE                    0
      68-69  GUEST_IA32_PAT                   7040600070406
      68-69  GUEST_IA32_EFER                  0
      70-71  GUEST_IA32_DEBUGCTL              0
      70-71  GUEST_PENDING_DBG_EXCEPTIONS     0
      72-73  GUEST_INTERRUPTIBILITY_INFO      0
      72-73  GUEST_ACTIVITY_STATE             0
      74     GUEST_INTR_STATUS                0
      76-77  HOST_RSP                         ffffb24ec6c9fb08
      76-77  HOST_RIP                         ffffffffc05ab620
      78-79  HOST_ES_SELECTOR                 0
      78-79  HOST_CS_SELECTOR                 10
      78-79  HOST_SS_SELECTOR                 18
      78-79  HOST_DS_SELECTOR                 0
      78-79  HOST_FS_SELECTOR                 0
      78-79  HOST_GS_SELECTOR                 0
      78-79  HOST_TR_SELECTOR                 40
      80-81  HOST_FS_BASE                     7f697ffff700
      80-81  HOST_GS_BASE                     ffff8d799f980000
      80-81  HOST_TR_BASE                     fffffe00001e0000
      82-83  HOST_GDTR_BASE                   fffffe00001de000
      82-83  HOST_IDTR_BASE                   fffffe0000000000
      84-85  HOST_CR0                         80050033
      84-85  HOST_CR3                         8802c8003
      84-85  HOST_CR4                         1626e0
      86-87  HOST_IA32_SYSENTER_CS            0
      86-87  HOST_IA32_SYSENTER_ESP           0
      86-87  HOST_IA32_SYSENTER_EIP           0
      88-89  HOST_IA32_PAT                    7040600070406
      88-89  HOST_IA32_EFER                   d01
      91-92  PIN_BASED_VM_EXEC_CONTROL        ff
      91-92  CPU_BASED_VM_EXEC_CONTROL        b5a06dfa
      91-92  SECONDARY_VM_EXEC_CONTROL        37eb
      93     VM_EXIT_CONTROLS                 2befff
      93     VM_ENTRY_CONTROLS                d1ff
      94-95  EXCEPTION_BITMAP                 60042
      94-95  PAGE_FAULT_ERROR_CODE_MASK       0
      94-95  PAGE_FAULT_ERROR_CODE_MATCH      0
      96-97  VM_ENTRY_INTR_INFO_FIELD         0
      96-97  VM_ENTRY_EXCEPTION_ERROR_CODE    0
      96-97  VM_ENTRY_INSTRUCTION_LEN         0
      98-99  VM_EXIT_INTR_INFO                0
      98-99  VM_EXIT_INTR_ERROR_CODE          0
      98-99  VM_EXIT_INSTRUCTION_LEN          3
      100-101 VM_EXIT_REASON                   30
      100-101 EXIT_QUALIFICATION               184
      102    IDT_VECTORING_INFO_FIELD         0
      102    IDT_VECTORING_ERROR_CODE         0
      103    TSC_OFFSET                       ffffbe0284927b21
      104    TPR_THRESHOLD                    0
      105-106 VIRTUAL_APIC_PAGE_ADDR           d2e76c000
      105-106 APIC_ACCESS_ADDR                 e5dfc0000
      107    POSTED_INTR_NV                   f2
      108    EPT_POINTER                      105a27005e
      109    PLE_GAP                          80
      109    PLE_WINDOW                       1000
      110    VIRTUAL_PROCESSOR_ID             1
    `],
  ],
  // 75-85: bhyve's `vm exit[N]` block (bhyverun.c vmexit_vmx(); xhyve and hyperkit print the same) and
  // hyperkit's hvdump() (moby/hyperkit src/lib/vmm/intel/vmx.c). exit_reason is decimal and only bits
  // 15:0 of the field (bhyve masks it with 0xffff): the rows hold what is printed. hvdump()'s
  // `VMCS_GUEST_IDTR_LIMIT`/`_BASE` lines print the LDTR's limit and base (its source reads
  // VMCS_GUEST_LDTR_LIMIT/BASE there), so their rows are GUEST_LDTR_*. `rip:`/`rfl:` of hvdump() are
  // Hypervisor.framework's HV_X86_RIP/RFLAGS, the VMCS guest RIP and RFLAGS. status, inst_type,
  // inst_error (with status 0), cr2 and the general-purpose registers are no VMCS fields.
  '75': [
    ['bhyve', `
      5      GUEST_RIP                        9e019
      6      VM_EXIT_INSTRUCTION_LEN          3
      8      VM_EXIT_REASON                   21
      9      EXIT_QUALIFICATION               0
      12     PIN_BASED_VM_EXEC_CONTROL        3f
      13     CPU_BASED_VM_EXEC_CONTROL        b5186dfa
      14     SECONDARY_VM_EXEC_CONTROL        aa
      15     VM_ENTRY_CONTROLS                93ff
    `],
  ],
  '76': [
    ['bhyve', `
      2      GUEST_GDTR_LIMIT                 7f
      3      GUEST_GDTR_BASE                  ffff88033fc09000
      4      GUEST_LDTR_LIMIT                 ffffffff
      5      GUEST_LDTR_BASE                  0
      6      GUEST_CR0                        80050033
      7      GUEST_CR3                        15c4f3000
      8      GUEST_CR4                        426b0
      9      GUEST_IA32_EFER                  d01
      10     GUEST_RIP                        ffffffff81841afd
      10     GUEST_RFLAGS                     10083
    `],
  ],
  '77': [
    ['bhyve', `
      2      GUEST_DS_LIMIT                   ffffffff
      3      GUEST_DS_AR_BYTES                1c000
      4      GUEST_DS_BASE                    0
      5      GUEST_ES_SELECTOR                0
      6      GUEST_ES_LIMIT                   ffffffff
      7      GUEST_ES_AR_BYTES                1c000
      8      GUEST_ES_BASE                    0
      9      GUEST_FS_SELECTOR                0
      10     GUEST_FS_LIMIT                   ffffffff
    `],
  ],
  '78': [
    ['bhyve', `
      2      VM_ENTRY_CONTROLS                93ff
      3      EXCEPTION_BITMAP                 40000
      4      CR0_GUEST_HOST_MASK              e0000031
      5      CR0_READ_SHADOW                  80050033
      6      CR4_GUEST_HOST_MASK              2000
      7      CR4_READ_SHADOW                  0
      8      GUEST_PHYSICAL_ADDRESS           368871ff8
      9      GUEST_LINEAR_ADDRESS             ffffffff91100702
      10     GUEST_CS_SELECTOR                10
    `],
  ],
  // 79: the block without its header and hvdump() interleaved line by line (stderr and stdout in one log)
  '79': [
    ['bhyve', `
      2      GUEST_RIP                        ffffffff9f3e279c
      4      PIN_BASED_VM_EXEC_CONTROL        3f
      5      VM_EXIT_INSTRUCTION_LEN          1
      7      VM_EXIT_REASON                   21
      8      CPU_BASED_VM_EXEC_CONTROL        b5186dfa
      9      SECONDARY_VM_EXEC_CONTROL        aa
      10     EXIT_QUALIFICATION               0
    `],
  ],
  '80': [
    ['bhyve', `
      6      PIN_BASED_VM_EXEC_CONTROL        3f
      7      CPU_BASED_VM_EXEC_CONTROL        b5186dfa
      8      SECONDARY_VM_EXEC_CONTROL        aa
      9      VM_ENTRY_CONTROLS                91ff
      10     EXCEPTION_BITMAP                 40000
    `],
  ],
  '81': [
    ['bhyve', `
      8      GUEST_RIP                        ffffffff8b57ebb8
      9      VM_EXIT_INSTRUCTION_LEN          3
    `],
  ],
  // 82: a raw-mode terminal: every line starts at the column where the one before it ended
  '82': [
    ['bhyve', `
      8      GUEST_RIP                        9e019
      9      VM_EXIT_INSTRUCTION_LEN          3
      11     VM_EXIT_REASON                   21
      12     EXIT_QUALIFICATION               0
    `],
  ],
  // 83, 84: the TABs turned into blanks; 84 with bhyve's description after the exit reason
  '83': [
    ['bhyve', `
      4      GUEST_RIP                        1028
      5      VM_EXIT_INSTRUCTION_LEN          3
      7      VM_EXIT_REASON                   1c
      8      EXIT_QUALIFICATION               10030
    `],
  ],
  '84': [
    ['bhyve', `
      4      GUEST_RIP                        fff0
      5      VM_EXIT_INSTRUCTION_LEN          3
      7      VM_EXIT_REASON                   30
      8      EXIT_QUALIFICATION               184
    `],
  ],
  '85': [
    ['bhyve', `
      6      PIN_BASED_VM_EXEC_CONTROL        3f
      7      CPU_BASED_VM_EXEC_CONTROL        b5186dfa
      8      SECONDARY_VM_EXEC_CONTROL        aa
      9      VM_ENTRY_CONTROLS                93ff
      10     EXCEPTION_BITMAP                 40000
      11     CR0_GUEST_HOST_MASK              e0000031
      12     CR0_READ_SHADOW                  80000023
    `],
  ],
  // 86: sample 39's mail as the archive stores it (quoted-printable: `=3D`, NBSP as `=C2=A0`, soft breaks
  // `=` that cut `limit=` / `=C2=A0`, `qua=` / `lification`, `0x000000000=` / `0000000` besides the
  // mailer's hard wraps): the same values as 39, each row's line mapped to the raw lines that decode to
  // 39's line (decoding done apart from the reader: soft breaks joined, =XX as UTF-8 bytes; the 69
  // decoded lines equal 39's byte for byte)
  '86': [
    ['xen', `
      59     VIRTUAL_PROCESSOR_ID             f71d
      56     POSTED_INTR_NV                   0
      57     EPTP_INDEX                       0
      54-55  TSC_OFFSET                       ffff797cd2ddfef4
      59     VM_FUNCTION_CONTROL              0
      57     EPT_POINTER                      41444701e
      54-55  TSC_MULTIPLIER                   0
      46     PIN_BASED_VM_EXEC_CONTROL        3f
      46     CPU_BASED_VM_EXEC_CONTROL        b62065fa
      48     EXCEPTION_BITMAP                 60002
      48     PAGE_FAULT_ERROR_CODE_MASK       0
      48     PAGE_FAULT_ERROR_CODE_MATCH      0
      47     VM_EXIT_CONTROLS                 fefff
      47     VM_ENTRY_CONTROLS                53ff
      49     VM_ENTRY_INTR_INFO_FIELD         2f
      49     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      49     VM_ENTRY_INSTRUCTION_LEN         0
      56     TPR_THRESHOLD                    0
      46     SECONDARY_VM_EXEC_CONTROL        54eb
      58     PLE_GAP                          80
      58     PLE_WINDOW                       1000
      7-8    CR0_GUEST_HOST_MASK              ffffffffffffffff
      9-10   CR4_GUEST_HOST_MASK              ffffffffffffffff
      7-8    CR0_READ_SHADOW                  80050031
      9-10   CR4_READ_SHADOW                  170678
      3      VM_EXIT_REASON                   80000022
      50     VM_EXIT_INTR_INFO                0
      50     VM_EXIT_INTR_ERROR_CODE          0
      53     IDT_VECTORING_INFO_FIELD         0
      53     IDT_VECTORING_ERROR_CODE         0
      50     VM_EXIT_INSTRUCTION_LEN          2
      3      EXIT_QUALIFICATION               2
      21     GUEST_ES_SELECTOR                2b
      18     GUEST_CS_SELECTOR                10
      20     GUEST_SS_SELECTOR                0
      19     GUEST_DS_SELECTOR                2b
      22     GUEST_FS_SELECTOR                53
      23     GUEST_GS_SELECTOR                2b
      26     GUEST_LDTR_SELECTOR              0
      29     GUEST_TR_SELECTOR                40
      32-33  GUEST_IA32_DEBUGCTL              1
      30     GUEST_IA32_PAT                   7010600070106
      30     GUEST_IA32_EFER                  400
      21     GUEST_ES_LIMIT                   ffffffff
      18     GUEST_CS_LIMIT                   0
      20     GUEST_SS_LIMIT                   ffffffff
      19     GUEST_DS_LIMIT                   ffffffff
      22     GUEST_FS_LIMIT                   7c00
      23     GUEST_GS_LIMIT                   ffffffff
      26     GUEST_LDTR_LIMIT                 ffffffff
      29     GUEST_TR_LIMIT                   67
      24-25  GUEST_GDTR_LIMIT                 57
      27-28  GUEST_IDTR_LIMIT                 fff
      21     GUEST_ES_AR_BYTES                c0f3
      18     GUEST_CS_AR_BYTES                209b
      20     GUEST_SS_AR_BYTES                1c000
      19     GUEST_DS_AR_BYTES                c0f3
      22     GUEST_FS_AR_BYTES                40f3
      23     GUEST_GS_AR_BYTES                c0f3
      26     GUEST_LDTR_AR_BYTES              1c000
      29     GUEST_TR_AR_BYTES                8b
      34     GUEST_INTERRUPTIBILITY_INFO      0
      34     GUEST_ACTIVITY_STATE             0
      31     GUEST_SMBASE                     0
      15     GUEST_SYSENTER_CS                0
      31     VMX_PREEMPTION_TIMER_VALUE       0
      7-8    GUEST_CR0                        80050031
      11     GUEST_CR3                        1b2725002
      9-10   GUEST_CR4                        172678
      21     GUEST_ES_BASE                    0
      18     GUEST_CS_BASE                    0
      20     GUEST_SS_BASE                    0
      19     GUEST_DS_BASE                    0
      22     GUEST_FS_BASE                    0
      23     GUEST_GS_BASE                    ffffb181c2d00000
      26     GUEST_LDTR_BASE                  0
      29     GUEST_TR_BASE                    ffffb181c2d14000
      24-25  GUEST_GDTR_BASE                  ffffb181c2d15fb0
      27-28  GUEST_IDTR_BASE                  ffffb181c2d13000
      14     GUEST_DR7                        400
      12-13  GUEST_RSP                        ffff960c962d1af8
      12-13  GUEST_RIP                        fffff80676dc29d0
      14     GUEST_RFLAGS                     2
      32-33  GUEST_PENDING_DBG_EXCEPTIONS     0
      15     GUEST_SYSENTER_ESP               0
      15     GUEST_SYSENTER_EIP               0
      38     HOST_ES_SELECTOR                 0
      38     HOST_CS_SELECTOR                 e008
      38     HOST_SS_SELECTOR                 0
      38     HOST_DS_SELECTOR                 0
      38     HOST_FS_SELECTOR                 0
      38     HOST_GS_SELECTOR                 0
      38     HOST_TR_SELECTOR                 e040
      44     HOST_IA32_PAT                    50100070406
      44     HOST_IA32_EFER                   0
      43     HOST_IA32_SYSENTER_CS            e008
      42     HOST_CR0                         80050033
      42     HOST_CR3                         417a40000
      42     HOST_CR4                         1526e0
      39-40  HOST_FS_BASE                     0
      39-40  HOST_GS_BASE                     0
      39-40  HOST_TR_BASE                     ffff83042bb02c80
      41     HOST_GDTR_BASE                   ffff83042baf2000
      41     HOST_IDTR_BASE                   ffff8304204ee000
      43     HOST_IA32_SYSENTER_ESP           ffff8304204f7fa0
      43     HOST_IA32_SYSENTER_EIP           ffff82d0802144b0
      36-37  HOST_RSP                         ffff8304204f7f70
      36-37  HOST_RIP                         ffff82d0801f0840
    `],
  ],
  // 87: a KVM dump of the 5.12+ layout behind bare dmesg timestamps, head only (L1 of a nested CI run)
  '87': [
    ['kvm', `
      6      CR0_GUEST_HOST_MASK              fffffffffffffff7
      7      CR4_GUEST_HOST_MASK              fffffffffffef871
      6      CR0_READ_SHADOW                  1
      7      CR4_READ_SHADOW                  0
      6      GUEST_CR0                        21
      8      GUEST_CR3                        0
      7      GUEST_CR4                        2040
      9      GUEST_PDPTR0                     0
      9      GUEST_PDPTR1                     0
      10     GUEST_PDPTR2                     0
      10     GUEST_PDPTR3                     0
      11     GUEST_RSP                        0
      11     GUEST_RIP                        111bfe
      12     GUEST_RFLAGS                     2
      12     GUEST_DR7                        400
      13     GUEST_SYSENTER_ESP               0
      13     GUEST_SYSENTER_CS                0
      13     GUEST_SYSENTER_EIP               0
      14     GUEST_CS_SELECTOR                8
      14     GUEST_CS_AR_BYTES                c09b
      14     GUEST_CS_LIMIT                   ffffffff
      14     GUEST_CS_BASE                    0
      15     GUEST_DS_SELECTOR                10
      15     GUEST_DS_AR_BYTES                c093
      15     GUEST_DS_LIMIT                   ffffffff
      15     GUEST_DS_BASE                    0
      16     GUEST_SS_SELECTOR                10
      16     GUEST_SS_AR_BYTES                c093
      16     GUEST_SS_LIMIT                   ffffffff
      16     GUEST_SS_BASE                    0
      17     GUEST_ES_SELECTOR                10
      17     GUEST_ES_AR_BYTES                c093
      17     GUEST_ES_LIMIT                   ffffffff
      17     GUEST_ES_BASE                    0
      18     GUEST_FS_SELECTOR                10
      18     GUEST_FS_AR_BYTES                c093
      18     GUEST_FS_LIMIT                   ffffffff
      18     GUEST_FS_BASE                    0
      19     GUEST_GS_SELECTOR                10
      19     GUEST_GS_AR_BYTES                c093
      19     GUEST_GS_LIMIT                   ffffffff
      19     GUEST_GS_BASE                    0
    `],
  ],
  // 88: NoirVisor's own print of the VMCS guest state (vt_exit.c nvc_vt_dump_vmcs_guest_state()) after
  // its `Failed at VM-Entry, Code=7` (the VM-instruction error, decimal; vt_main.c)
  '88': [
    ['noirvisor', `
      4      VM_INSTRUCTION_ERROR             7
      7      GUEST_CS_SELECTOR                10
      7      GUEST_CS_AR_BYTES                209b
      7      GUEST_CS_LIMIT                   0
      7      GUEST_CS_BASE                    0
      8      GUEST_DS_SELECTOR                2b
      8      GUEST_DS_AR_BYTES                c0f3
      8      GUEST_DS_LIMIT                   ffffffff
      8      GUEST_DS_BASE                    0
      9      GUEST_ES_SELECTOR                2b
      9      GUEST_ES_AR_BYTES                c0f3
      9      GUEST_ES_LIMIT                   ffffffff
      9      GUEST_ES_BASE                    0
      10     GUEST_FS_SELECTOR                53
      10     GUEST_FS_AR_BYTES                40f3
      10     GUEST_FS_LIMIT                   bc00
      10     GUEST_FS_BASE                    0
      11     GUEST_GS_SELECTOR                2b
      11     GUEST_GS_AR_BYTES                c0f3
      11     GUEST_GS_LIMIT                   ffffffff
      11     GUEST_GS_BASE                    ffff94001cc40000
      12     GUEST_SS_SELECTOR                18
      12     GUEST_SS_AR_BYTES                4093
      12     GUEST_SS_LIMIT                   0
      12     GUEST_SS_BASE                    0
      13     GUEST_TR_SELECTOR                40
      13     GUEST_TR_AR_BYTES                8b
      13     GUEST_TR_LIMIT                   67
      13     GUEST_TR_BASE                    ffff94001cc50000
      14     GUEST_LDTR_SELECTOR              0
      14     GUEST_LDTR_AR_BYTES              10000
      14     GUEST_LDTR_LIMIT                 0
      14     GUEST_LDTR_BASE                  0
      15     GUEST_GDTR_LIMIT                 57
      15     GUEST_GDTR_BASE                  ffff94001cc51fb0
      15     GUEST_IDTR_LIMIT                 fff
      15     GUEST_IDTR_BASE                  ffff94001cc4f000
    `],
  ],
  // 111-jonomango-hv-dbgview-vmlaunch-failed-instruction-error-7-excerpt.txt
  // 111: jonomango/hv's `DbgPrint("[hv] VMLAUNCH failed. Instruction error = %lli.\n", vmx_vmread(VMCS_VM_INSTRUCTION_ERROR))`
  // (hv/vcpu.cpp) in a DebugView capture: the VM-instruction error in decimal, one line, one dump
  '111': [
    ['jonomango-hv', `
      15     VM_INSTRUCTION_ERROR             7
    `],
  ],
  // 112-jonomango-hv-vmlaunch-failed-instruction-error-8-in-prose.txt
  // 112: the same line after the reporter's own words on one line
  '112': [
    ['jonomango-hv', `
      1      VM_INSTRUCTION_ERROR             8
    `],
  ],
  // 113-bareflank-2016-vmlaunch-failed-vm_instruction_error-host-state-text.txt
  // 113: Bareflank's bfvmm of 2016 names the VM-instruction error by its SDM text (get_vm_instruction_error():
  // "VM entry with invalid host-state field(s)" is number 8, SDM Table "VM-Instruction Error Numbers")
  '113': [
    ['bareflank', `
      5      VM_INSTRUCTION_ERROR             8
    `],
  ],
  // 128-hyperbone-vmexitstartfailed-reason-33-code-0-in-prose.txt
  // 128: HyperBone's `Failed to enter VM, reason %d, code %d` (VmExitStartFailed, VmxExitHandlers.c) after the reporter's
  // words on one line: the basic exit reason 33 (bit 31 set with it: a VM-entry failure) and the exit qualification
  '128': [
    ['hyperbone', `
      2      VM_EXIT_REASON                   80000021
      2      EXIT_QUALIFICATION               0
    `],
  ],
  // 129-vdhh-triple-fault-cr0-qual-gpa-ins-len-hypervisor-framework.txt
  // 129: Veertu Desktop's `triple fault at %llx (%llx, %llx), cr0 %llx, qual %llx, gpa %llx, ins len %d, cpu %p` (vmm/veertu.c):
  // exit reason 2, guest CR0, exit qualification, guest-physical address, instruction length; the addresses and `cpu` are notes
  '129': [
    ['vdhh', `
      4      VM_EXIT_REASON                   2
      4      GUEST_CR0                        31
      4      EXIT_QUALIFICATION               0
      4      GUEST_PHYSICAL_ADDRESS           fec00010
      4      VM_EXIT_INSTRUCTION_LEN          1
    `],
  ],
  // 89-qemu-internal-error-suberror-1-extra-data-exit-info-linux-5.16-depenguin-excerpt.txt: QEMU's `KVM internal error. Suberror: 1` with Linux 5.16+'s emulation-failure words (flags 0, then exit reason,
  // qualification, IDT-vectoring and exit interruption information; the error code 0 is no field), then its register dump
  '89': [
    ['qemu', `
      10     VM_EXIT_REASON                   30
      11     EXIT_QUALIFICATION               584
      12     IDT_VECTORING_INFO_FIELD         0
      13     VM_EXIT_INTR_INFO                0
      17     GUEST_RSP                        bfef8ee8
      20     GUEST_ACTIVITY_STATE             0
      20     GUEST_RIP                        b0000
      20     GUEST_RFLAGS                     10803
      21     GUEST_ES_SELECTOR                30
      21     GUEST_ES_LIMIT                   ffffffff
      21     GUEST_ES_AR_BYTES                c093
      21     GUEST_ES_BASE                    0
      22     GUEST_CS_SELECTOR                38
      22     GUEST_CS_LIMIT                   ffffffff
      22     GUEST_CS_AR_BYTES                a09b
      22     GUEST_CS_BASE                    0
      23     GUEST_SS_SELECTOR                30
      23     GUEST_SS_LIMIT                   ffffffff
      23     GUEST_SS_AR_BYTES                c093
      23     GUEST_SS_BASE                    0
      24     GUEST_DS_SELECTOR                30
      24     GUEST_DS_LIMIT                   ffffffff
      24     GUEST_DS_AR_BYTES                c093
      24     GUEST_DS_BASE                    0
      25     GUEST_FS_SELECTOR                30
      25     GUEST_FS_LIMIT                   ffffffff
      25     GUEST_FS_AR_BYTES                c093
      25     GUEST_FS_BASE                    0
    `],
  ],
  // 90-qemu-kvm-illumos-internal-error-suberror-2-extra-data-without-0x.txt: suberror 2 (simultaneous exceptions) of illumos-kvm, `extra data[i]: %llx` without 0x: IDT-vectoring and exit interruption information
  '90': [
    ['qemu', `
      5      IDT_VECTORING_INFO_FIELD         80000008
      6      VM_EXIT_INTR_INFO                80000b08
    `],
  ],
  // 91-qemu-internal-error-suberror-3-extra-data-without-0x-ept-misconfig-i386-registers.txt: suberror 3 (event delivery) in the old `%llx` shape: IDT-vectoring information, exit reason (EPT misconfiguration),
  // qualification, the guest-physical address; then the i386 register dump
  '91': [
    ['qemu', `
      3      IDT_VECTORING_INFO_FIELD         80000306
      4      VM_EXIT_REASON                   31
      5      EXIT_QUALIFICATION               783
      6      GUEST_PHYSICAL_ADDRESS           32efe0
      8      GUEST_RSP                        32efe4
      9      GUEST_ACTIVITY_STATE             0
      9      GUEST_RIP                        7
      9      GUEST_RFLAGS                     10287
      10     GUEST_ES_SELECTOR                28
      10     GUEST_ES_LIMIT                   ffffffff
      10     GUEST_ES_AR_BYTES                c093
      10     GUEST_ES_BASE                    0
      11     GUEST_CS_SELECTOR                20
      11     GUEST_CS_LIMIT                   ffffffff
      11     GUEST_CS_AR_BYTES                c09b
      11     GUEST_CS_BASE                    0
      12     GUEST_SS_SELECTOR                28
      12     GUEST_SS_LIMIT                   ffffffff
      12     GUEST_SS_AR_BYTES                c093
      12     GUEST_SS_BASE                    0
      13     GUEST_DS_SELECTOR                28
      13     GUEST_DS_LIMIT                   ffffffff
      13     GUEST_DS_AR_BYTES                c093
      13     GUEST_DS_BASE                    0
      14     GUEST_FS_SELECTOR                0
      14     GUEST_FS_LIMIT                   ffffffff
      14     GUEST_FS_AR_BYTES                1c000
      14     GUEST_FS_BASE                    0
      15     GUEST_GS_SELECTOR                0
      15     GUEST_GS_LIMIT                   ffffffff
      15     GUEST_GS_AR_BYTES                1c000
      15     GUEST_GS_BASE                    0
      16     GUEST_LDTR_SELECTOR              0
      16     GUEST_LDTR_LIMIT                 ffffffff
      16     GUEST_LDTR_AR_BYTES              1c000
      16     GUEST_LDTR_BASE                  0
      17     GUEST_TR_SELECTOR                8
      17     GUEST_TR_LIMIT                   67
      17     GUEST_TR_AR_BYTES                8b
      17     GUEST_TR_BASE                    580
      18     GUEST_GDTR_LIMIT                 2f
      18     GUEST_GDTR_BASE                  9400
      19     GUEST_IDTR_LIMIT                 7ff
      19     GUEST_IDTR_BASE                  3008
      20     GUEST_CR0                        11
      20     GUEST_CR3                        0
      20     GUEST_CR4                        0
      22     GUEST_DR7                        400
      23     GUEST_IA32_EFER                  0
    `],
  ],
  // 92-qemu-lxd-internal-error-suberror-3-two-reports-back-to-back-excerpt.txt: two suberror-3 reports back to back (two vCPUs): two dumps; the register rows follow the second report in the paste and
  // are read with it (which vCPU printed them the paste does not say); the partial R8 row dropped by the excerpt
  '92': [
    ['qemu', `
      4      IDT_VECTORING_INFO_FIELD         80000b0e
      5      VM_EXIT_REASON                   31
      6      EXIT_QUALIFICATION               981
      7      GUEST_PHYSICAL_ADDRESS           2b570
    `],
    ['qemu', `
      9      IDT_VECTORING_INFO_FIELD         80000b0e
      10     VM_EXIT_REASON                   31
      11     EXIT_QUALIFICATION               d82
      12     GUEST_PHYSICAL_ADDRESS           2b570
      14     GUEST_RSP                        ffffb1ab80067ce0
    `],
  ],
  // 93-qemu-kvm-0.12-osv-internal-error-no-blank-suberror-2-kvm_show_regs-wrapped.txt: qemu-kvm 0.12's `KVM internal error.Suberror: 2` and its kvm_show_regs() dump (rows cut at 80 columns before their last
  // value, segments as `cs 0008 (base/limit p dpl db s type l g avl)`, access rights put together from those attributes)
  '93': [
    ['qemu', `
      11     IDT_VECTORING_INFO_FIELD         80000202
      12     VM_EXIT_INTR_INFO                80000202
      15     GUEST_RSP                        dedba0
      21     GUEST_RIP                        3d721c
      21     GUEST_RFLAGS                     6
      22     GUEST_CS_SELECTOR                8
      22     GUEST_CS_LIMIT                   ffffffff
      22     GUEST_CS_AR_BYTES                a09b
      22     GUEST_CS_BASE                    0
      23     GUEST_DS_SELECTOR                10
      23     GUEST_DS_LIMIT                   ffffffff
      23     GUEST_DS_AR_BYTES                c093
      23     GUEST_DS_BASE                    0
      24     GUEST_ES_SELECTOR                10
      24     GUEST_ES_LIMIT                   ffffffff
      24     GUEST_ES_AR_BYTES                c093
      24     GUEST_ES_BASE                    0
      25     GUEST_SS_SELECTOR                10
      25     GUEST_SS_LIMIT                   ffffffff
      25     GUEST_SS_AR_BYTES                c093
      25     GUEST_SS_BASE                    0
      26     GUEST_FS_SELECTOR                10
      26     GUEST_FS_LIMIT                   ffffffff
      26     GUEST_FS_AR_BYTES                c093
      26     GUEST_FS_BASE                    ea5e40
      27     GUEST_GS_SELECTOR                10
      27     GUEST_GS_LIMIT                   ffffffff
      27     GUEST_GS_AR_BYTES                c093
      27     GUEST_GS_BASE                    0
      28     GUEST_TR_SELECTOR                0
      28     GUEST_TR_LIMIT                   ffff
      28     GUEST_TR_AR_BYTES                8b
      28     GUEST_TR_BASE                    0
      29     GUEST_LDTR_SELECTOR              0
      29     GUEST_LDTR_LIMIT                 ffff
      29     GUEST_LDTR_AR_BYTES              82
      29     GUEST_LDTR_BASE                  0
      30     GUEST_GDTR_LIMIT                 1f
      30     GUEST_GDTR_BASE                  a25000
      31     GUEST_IDTR_LIMIT                 3ff
      31     GUEST_IDTR_BASE                  0
      32     GUEST_CR0                        80010011
      32     GUEST_CR3                        eae000
      32     GUEST_CR4                        7b8
      32     GUEST_IA32_EFER                  d00
    `],
  ],
  // 94-qemu-internal-error-suberror-1-extra-data-i386-registers-elided-tip-mail.txt: suberror 1, 5.16+ words, and the i386 register dump's first three rows before the author's `...`
  '94': [
    ['qemu', `
      8      VM_EXIT_REASON                   30
      9      EXIT_QUALIFICATION               784
      10     IDT_VECTORING_INFO_FIELD         0
      11     VM_EXIT_INTR_INFO                0
      15     GUEST_RSP                        fff5
      16     GUEST_ACTIVITY_STATE             0
      16     GUEST_RIP                        8300
      16     GUEST_RFLAGS                     10002
    `],
  ],
  // 95-qemu-internal-error-suberror-3-quoted-commented-words-after-prose-mention.txt: a quoted suberror-3 report whose words carry the reporter's comments (`<= Vectoring IRQ 47 (decimal)`); the message named in
  // the prose above it opens no dump; the fourth word is the last CPU (a note)
  '95': [
    ['qemu', `
      29     IDT_VECTORING_INFO_FIELD         8000002f
      30     VM_EXIT_REASON                   20
      31     EXIT_QUALIFICATION               f82
    `],
  ],
  // 96-qemu-internal-error-suberror-3-indented-registers-hard-wrapped-patch-mail.txt: suberror 3 (WRMSR exit while an IRQ was vectored) indented two spaces in a patch mail, register rows hard-wrapped (RSP, DR3
  // alone on a line); the fourth word is the last CPU
  '96': [
    ['qemu', `
      6      IDT_VECTORING_INFO_FIELD         8000002f
      7      VM_EXIT_REASON                   20
      8      EXIT_QUALIFICATION               582
      12-13  GUEST_RSP                        fffff88005a915c8
      18     GUEST_ACTIVITY_STATE             0
      18     GUEST_RIP                        fffff8000271722c
      18     GUEST_RFLAGS                     46
      19     GUEST_ES_SELECTOR                2b
      19     GUEST_ES_LIMIT                   ffffffff
      19     GUEST_ES_AR_BYTES                c0f3
      19     GUEST_ES_BASE                    0
      20     GUEST_CS_SELECTOR                10
      20     GUEST_CS_LIMIT                   0
      20     GUEST_CS_AR_BYTES                209b
      20     GUEST_CS_BASE                    0
      21     GUEST_SS_SELECTOR                18
      21     GUEST_SS_LIMIT                   ffffffff
      21     GUEST_SS_AR_BYTES                c093
      21     GUEST_SS_BASE                    0
      22     GUEST_DS_SELECTOR                2b
      22     GUEST_DS_LIMIT                   ffffffff
      22     GUEST_DS_AR_BYTES                c0f3
      22     GUEST_DS_BASE                    0
      23     GUEST_FS_SELECTOR                53
      23     GUEST_FS_LIMIT                   7c00
      23     GUEST_FS_AR_BYTES                40f3
      23     GUEST_FS_BASE                    fff9a000
      24     GUEST_GS_SELECTOR                2b
      24     GUEST_GS_LIMIT                   ffffffff
      24     GUEST_GS_AR_BYTES                c0f3
      24     GUEST_GS_BASE                    fffff88002e40000
      25     GUEST_LDTR_SELECTOR              0
      25     GUEST_LDTR_LIMIT                 ffffffff
      25     GUEST_LDTR_AR_BYTES              1c000
      25     GUEST_LDTR_BASE                  0
      26     GUEST_TR_SELECTOR                40
      26     GUEST_TR_LIMIT                   67
      26     GUEST_TR_AR_BYTES                8b
      26     GUEST_TR_BASE                    fffff88002e44ec0
      27     GUEST_GDTR_LIMIT                 7f
      27     GUEST_GDTR_BASE                  fffff88002e4b4c0
      28     GUEST_IDTR_LIMIT                 fff
      28     GUEST_IDTR_BASE                  fffff88002e4b540
      29     GUEST_CR0                        80050031
      29     GUEST_CR3                        1c6f5000
      29     GUEST_CR4                        406f8
      32     GUEST_DR7                        400
      33     GUEST_IA32_EFER                  d01
    `],
  ],
  // 97-qemu-internal-error-suberror-3-ept-misconfig-gpa-last-cpu-quoted-cxl-mail.txt: suberror 3, EPT misconfiguration with the guest-physical address and the last CPU (5.11+), quoted `> ` in a reply
  '97': [
    ['qemu', `
      4      IDT_VECTORING_INFO_FIELD         80000b0e
      5      VM_EXIT_REASON                   31
      6      EXIT_QUALIFICATION               d81
      7      GUEST_PHYSICAL_ADDRESS           390074ac0
      10     GUEST_RSP                        ffffac1c4067bc88
      13     GUEST_ACTIVITY_STATE             0
      13     GUEST_RIP                        ffffffff812b3d62
      13     GUEST_RFLAGS                     10006
      14     GUEST_ES_SELECTOR                0
      14     GUEST_ES_LIMIT                   ffffffff
      14     GUEST_ES_AR_BYTES                1c000
      14     GUEST_ES_BASE                    0
      15     GUEST_CS_SELECTOR                10
      15     GUEST_CS_LIMIT                   ffffffff
      15     GUEST_CS_AR_BYTES                a09b
      15     GUEST_CS_BASE                    0
      16     GUEST_SS_SELECTOR                18
      16     GUEST_SS_LIMIT                   ffffffff
      16     GUEST_SS_AR_BYTES                c093
      16     GUEST_SS_BASE                    0
      17     GUEST_DS_SELECTOR                0
      17     GUEST_DS_LIMIT                   ffffffff
      17     GUEST_DS_AR_BYTES                1c000
      17     GUEST_DS_BASE                    0
      18     GUEST_FS_SELECTOR                0
      18     GUEST_FS_LIMIT                   ffffffff
      18     GUEST_FS_AR_BYTES                1c000
      18     GUEST_FS_BASE                    0
      19     GUEST_GS_SELECTOR                0
      19     GUEST_GS_LIMIT                   ffffffff
      19     GUEST_GS_AR_BYTES                1c000
      19     GUEST_GS_BASE                    ffff99ec3bc00000
      20     GUEST_LDTR_SELECTOR              0
      20     GUEST_LDTR_LIMIT                 ffffffff
      20     GUEST_LDTR_AR_BYTES              1c000
      20     GUEST_LDTR_BASE                  0
      21     GUEST_TR_SELECTOR                40
      21     GUEST_TR_LIMIT                   4087
      21     GUEST_TR_AR_BYTES                8b
      21     GUEST_TR_BASE                    fffffe1d13135000
      22     GUEST_GDTR_LIMIT                 7f
      22     GUEST_GDTR_BASE                  fffffe1d13133000
      23     GUEST_IDTR_LIMIT                 fff
      23     GUEST_IDTR_BASE                  fffffe0000000000
      24     GUEST_CR0                        80050033
      24     GUEST_CR3                        390074000
      24     GUEST_CR4                        6f0
      26     GUEST_DR7                        400
      27     GUEST_IA32_EFER                  d01
    `],
  ],
  // 98-qemu-internal-error-suberror-1-insn-bytes-then-suberror-3-wrapped-registers-mail.txt: two reports of one guest: suberror 1 with the instruction bytes (flags 1: exit information from the fourth word), then
  // suberror 3 with the address; register rows hard-wrapped by the mailer (RSP on the line after its row's head)
  '98': [
    ['qemu', `
      13     VM_EXIT_REASON                   31
      14     EXIT_QUALIFICATION               0
      15     IDT_VECTORING_INFO_FIELD         0
      16     VM_EXIT_INTR_INFO                0
      21-22  GUEST_RSP                        ffffc90000a23d90
      27     GUEST_ACTIVITY_STATE             0
      27     GUEST_RIP                        ffffffff8103e626
      27     GUEST_RFLAGS                     50246
      28     GUEST_ES_SELECTOR                0
      28     GUEST_ES_LIMIT                   ffffffff
      28     GUEST_ES_AR_BYTES                1c000
      28     GUEST_ES_BASE                    0
      29     GUEST_CS_SELECTOR                10
      29     GUEST_CS_LIMIT                   ffffffff
      29     GUEST_CS_AR_BYTES                a09b
      29     GUEST_CS_BASE                    0
      30     GUEST_SS_SELECTOR                0
      30     GUEST_SS_LIMIT                   ffffffff
      30     GUEST_SS_AR_BYTES                1c000
      30     GUEST_SS_BASE                    0
      31     GUEST_DS_SELECTOR                0
      31     GUEST_DS_LIMIT                   ffffffff
      31     GUEST_DS_AR_BYTES                1c000
      31     GUEST_DS_BASE                    0
      32     GUEST_FS_SELECTOR                0
      32     GUEST_FS_LIMIT                   ffffffff
      32     GUEST_FS_AR_BYTES                1c000
      32     GUEST_FS_BASE                    7f526d41c740
      33     GUEST_GS_SELECTOR                0
      33     GUEST_GS_LIMIT                   ffffffff
      33     GUEST_GS_AR_BYTES                1c000
      33     GUEST_GS_BASE                    ffff88817bc00000
      34     GUEST_LDTR_SELECTOR              0
      34     GUEST_LDTR_LIMIT                 ffffffff
      34     GUEST_LDTR_AR_BYTES              1c000
      34     GUEST_LDTR_BASE                  0
      35     GUEST_TR_SELECTOR                40
      35     GUEST_TR_LIMIT                   4087
      35     GUEST_TR_AR_BYTES                8b
      35     GUEST_TR_BASE                    fffffe0000003000
      36     GUEST_GDTR_LIMIT                 7f
      36     GUEST_GDTR_BASE                  fffffe0000001000
      37     GUEST_IDTR_LIMIT                 fff
      37     GUEST_IDTR_BASE                  fffffe0000000000
      38     GUEST_CR0                        80050033
      38     GUEST_CR3                        104e62000
      38     GUEST_CR4                        750ef0
      41     GUEST_DR7                        400
      42     GUEST_IA32_EFER                  d01
    `],
    ['qemu', `
      70     IDT_VECTORING_INFO_FIELD         80000b0e
      71     VM_EXIT_REASON                   31
      72     EXIT_QUALIFICATION               d82
      73     GUEST_PHYSICAL_ADDRESS           418442c90
      77-78  GUEST_RSP                        ffffc900008bf000
      83     GUEST_ACTIVITY_STATE             0
      83     GUEST_RIP                        ffffffff815dfbe8
      83     GUEST_RFLAGS                     10096
      84     GUEST_ES_SELECTOR                0
      84     GUEST_ES_LIMIT                   ffffffff
      84     GUEST_ES_AR_BYTES                1c000
      84     GUEST_ES_BASE                    0
      85     GUEST_CS_SELECTOR                10
      85     GUEST_CS_LIMIT                   ffffffff
      85     GUEST_CS_AR_BYTES                a09b
      85     GUEST_CS_BASE                    0
      86     GUEST_SS_SELECTOR                0
      86     GUEST_SS_LIMIT                   ffffffff
      86     GUEST_SS_AR_BYTES                1c000
      86     GUEST_SS_BASE                    0
      87     GUEST_DS_SELECTOR                0
      87     GUEST_DS_LIMIT                   ffffffff
      87     GUEST_DS_AR_BYTES                1c000
      87     GUEST_DS_BASE                    0
      88     GUEST_FS_SELECTOR                0
      88     GUEST_FS_LIMIT                   ffffffff
      88     GUEST_FS_AR_BYTES                1c000
      88     GUEST_FS_BASE                    7fe89c80cb40
      89     GUEST_GS_SELECTOR                0
      89     GUEST_GS_LIMIT                   ffffffff
      89     GUEST_GS_AR_BYTES                1c000
      89     GUEST_GS_BASE                    ffff88817bc00000
      90     GUEST_LDTR_SELECTOR              0
      90     GUEST_LDTR_LIMIT                 ffffffff
      90     GUEST_LDTR_AR_BYTES              1c000
      90     GUEST_LDTR_BASE                  0
      91     GUEST_TR_SELECTOR                40
      91     GUEST_TR_LIMIT                   4087
      91     GUEST_TR_AR_BYTES                8b
      91     GUEST_TR_BASE                    fffffe0000003000
      92     GUEST_GDTR_LIMIT                 7f
      92     GUEST_GDTR_BASE                  fffffe0000001000
      93     GUEST_IDTR_LIMIT                 fff
      93     GUEST_IDTR_BASE                  fffffe0000000000
      94     GUEST_CR0                        80050033
      94     GUEST_CR3                        418442000
      94     GUEST_CR4                        750ef0
      97     GUEST_DR7                        400
      98     GUEST_IA32_EFER                  d01
    `],
  ],
  // 99-kvm-userspace-2008-unhandled-vm-exit-getsec-kvm_show_regs-forum.txt: kvm-userspace (2008): `unhandled vm exit: 0xb` (exit reason 11, GETSEC) and kvm_show_regs()'s dump (SS and LDTR with P 0: unusable)
  '99': [
    ['qemu', `
      4      VM_EXIT_REASON                   b
      6      GUEST_RSP                        fffff8000b26ae20
      9      GUEST_RIP                        fffff80009c01d71
      9      GUEST_RFLAGS                     82
      10     GUEST_CS_SELECTOR                10
      10     GUEST_CS_LIMIT                   0
      10     GUEST_CS_AR_BYTES                209b
      10     GUEST_CS_BASE                    0
      11     GUEST_DS_SELECTOR                2b
      11     GUEST_DS_LIMIT                   ffffffff
      11     GUEST_DS_AR_BYTES                c0f3
      11     GUEST_DS_BASE                    0
      12     GUEST_ES_SELECTOR                2b
      12     GUEST_ES_LIMIT                   ffffffff
      12     GUEST_ES_AR_BYTES                c0f3
      12     GUEST_ES_BASE                    0
      13     GUEST_SS_SELECTOR                0
      13     GUEST_SS_LIMIT                   ffffffff
      13     GUEST_SS_AR_BYTES                10000
      13     GUEST_SS_BASE                    0
      14     GUEST_FS_SELECTOR                53
      14     GUEST_FS_LIMIT                   3c00
      14     GUEST_FS_AR_BYTES                40f3
      14     GUEST_FS_BASE                    0
      15     GUEST_GS_SELECTOR                60
      15     GUEST_GS_LIMIT                   ffff
      15     GUEST_GS_AR_BYTES                93
      15     GUEST_GS_BASE                    fffff80009949700
      16     GUEST_TR_SELECTOR                40
      16     GUEST_TR_LIMIT                   67
      16     GUEST_TR_AR_BYTES                8b
      16     GUEST_TR_BASE                    fffff8000b264070
      17     GUEST_LDTR_SELECTOR              0
      17     GUEST_LDTR_LIMIT                 ffffffff
      17     GUEST_LDTR_AR_BYTES              10000
      17     GUEST_LDTR_BASE                  0
      18     GUEST_GDTR_LIMIT                 6f
      18     GUEST_GDTR_BASE                  fffff8000b263000
      19     GUEST_IDTR_LIMIT                 fff
      19     GUEST_IDTR_BASE                  fffff8000b263070
      20     GUEST_CR0                        e0050031
      20     GUEST_CR3                        2c5000
      20     GUEST_CR4                        6a0
      20     GUEST_IA32_EFER                  d01
    `],
  ],
  // 100-qemu-kvm-illumos-unhandled-exit-80000021.txt: qemu-kvm (illumos): `kvm: unhandled exit 80000021`, the exit reason alone
  '100': [
    ['qemu', `
      4      VM_EXIT_REASON                   80000021
    `],
  ],
  // 101-trace-5.13-perf-script-kvm_exit-triple-fault-nested-after-qemu-trace-events.txt: `perf script` of `perf record -e "kvm:*"`
  // (`[001]   770.850307:   kvm:kvm_exit: vcpu 0 reason TRIPLE_FAULT rip … info1 … info2 … intr_info … error_code …`, the 5.10+ shape:
  // info2 the IDT-vectoring information); QEMU's own `kvm_run_exit cpu_index 0, reason 8` trace events before it are no dump
  '101': [
    ['kvm-exit', `
      13     VM_EXIT_REASON                   2
      13     GUEST_RIP                        100146
      13     EXIT_QUALIFICATION               0
      13     IDT_VECTORING_INFO_FIELD         0
      13     VM_EXIT_INTR_INFO                0
    `],
  ],
  // 102-trace-4.x-grep-ftrace-kvm_exit-triple-fault-info-0-0.txt: one ftrace `kvm_exit` line of the 4.x-5.9 shape (`info 0 0`:
  // exit qualification, then the exit interruption information), picked out with grep
  '102': [
    ['kvm-exit', `
      4      VM_EXIT_REASON                   2
      4      GUEST_RIP                        81dd
      4      EXIT_QUALIFICATION               0
      4      VM_EXIT_INTR_INFO                0
    `],
  ],
  // 103-xen-4.12-nested-vmlaunch-error-quoted-reply-comments-between-sections.txt: sample 03's dump as the reply quotes it
  // (`> (XEN) …`), Andrew Cooper's paragraphs between its sections; the rows are 03's (read from the mended text, 03,
  // with the reader, and checked by eye) mapped to the quoted lines
  '103': [
    ['xen', `
      78     VIRTUAL_PROCESSOR_ID             3540
      75     POSTED_INTR_NV                   f4
      76     EPTP_INDEX                       0
      74     TSC_OFFSET                       fff9d10bc60f4ad6
      78     VM_FUNCTION_CONTROL              0
      76     EPT_POINTER                      207dd3b01e
      74     TSC_MULTIPLIER                   0
      57     PIN_BASED_VM_EXEC_CONTROL        3f
      57     CPU_BASED_VM_EXEC_CONTROL        b6a1edfa
      59     EXCEPTION_BITMAP                 60042
      59     PAGE_FAULT_ERROR_CODE_MASK       0
      59     PAGE_FAULT_ERROR_CODE_MATCH      0
      58     VM_EXIT_CONTROLS                 2fefff
      58     VM_ENTRY_CONTROLS                11ff
      60     VM_ENTRY_INTR_INFO_FIELD         8000030d
      60     VM_ENTRY_EXCEPTION_ERROR_CODE    0
      60     VM_ENTRY_INSTRUCTION_LEN         0
      75     TPR_THRESHOLD                    0
      57     SECONDARY_VM_EXEC_CONTROL        214eb
      77     PLE_GAP                          80
      77     PLE_WINDOW                       1000
      22     CR0_GUEST_HOST_MASK              ffffffffffffffff
      23     CR4_GUEST_HOST_MASK              fffffffffffff871
      22     CR0_READ_SHADOW                  60000010
      23     CR4_READ_SHADOW                  0
      20     VM_INSTRUCTION_ERROR             7
      62     VM_EXIT_REASON                   30
      61     VM_EXIT_INTR_INFO                0
      61     VM_EXIT_INTR_ERROR_CODE          0
      63     IDT_VECTORING_INFO_FIELD         80000b0d
      63     IDT_VECTORING_ERROR_CODE         f000
      61     VM_EXIT_INSTRUCTION_LEN          5
      62     EXIT_QUALIFICATION               181
      32     GUEST_ES_SELECTOR                0
      29     GUEST_CS_SELECTOR                f000
      31     GUEST_SS_SELECTOR                0
      30     GUEST_DS_SELECTOR                0
      33     GUEST_FS_SELECTOR                0
      34     GUEST_GS_SELECTOR                0
      36     GUEST_LDTR_SELECTOR              0
      38     GUEST_TR_SELECTOR                0
      43     GUEST_INTR_STATUS                0
      41     GUEST_IA32_DEBUGCTL              0
      39     GUEST_IA32_PAT                   50100070406
      39     GUEST_IA32_EFER                  0
      32     GUEST_ES_LIMIT                   ffff
      29     GUEST_CS_LIMIT                   ffff
      31     GUEST_SS_LIMIT                   ffff
      30     GUEST_DS_LIMIT                   ffff
      33     GUEST_FS_LIMIT                   ffff
      34     GUEST_GS_LIMIT                   ffff
      36     GUEST_LDTR_LIMIT                 ffff
      38     GUEST_TR_LIMIT                   ffff
      35     GUEST_GDTR_LIMIT                 ffff
      37     GUEST_IDTR_LIMIT                 ffff
      32     GUEST_ES_AR_BYTES                93
      29     GUEST_CS_AR_BYTES                9b
      31     GUEST_SS_AR_BYTES                93
      30     GUEST_DS_AR_BYTES                93
      33     GUEST_FS_AR_BYTES                93
      34     GUEST_GS_AR_BYTES                93
      36     GUEST_LDTR_AR_BYTES              82
      38     GUEST_TR_AR_BYTES                8b
      42     GUEST_INTERRUPTIBILITY_INFO      0
      42     GUEST_ACTIVITY_STATE             0
      40     GUEST_SMBASE                     0
      27     GUEST_SYSENTER_CS                0
      40     VMX_PREEMPTION_TIMER_VALUE       0
      22     GUEST_CR0                        80050033
      24     GUEST_CR3                        feffc000
      23     GUEST_CR4                        2050
      32     GUEST_ES_BASE                    0
      29     GUEST_CS_BASE                    ffff0000
      31     GUEST_SS_BASE                    0
      30     GUEST_DS_BASE                    0
      33     GUEST_FS_BASE                    0
      34     GUEST_GS_BASE                    0
      36     GUEST_LDTR_BASE                  0
      38     GUEST_TR_BASE                    0
      35     GUEST_GDTR_BASE                  0
      37     GUEST_IDTR_BASE                  0
      26     GUEST_DR7                        400
      25     GUEST_RSP                        0
      25     GUEST_RIP                        fff0
      26     GUEST_RFLAGS                     10002
      41     GUEST_PENDING_DBG_EXCEPTIONS     0
      27     GUEST_SYSENTER_ESP               0
      27     GUEST_SYSENTER_EIP               0
      50     HOST_ES_SELECTOR                 0
      50     HOST_CS_SELECTOR                 e008
      50     HOST_SS_SELECTOR                 0
      50     HOST_DS_SELECTOR                 0
      50     HOST_FS_SELECTOR                 0
      50     HOST_GS_SELECTOR                 0
      50     HOST_TR_SELECTOR                 e040
      55     HOST_IA32_PAT                    50100070406
      55     HOST_IA32_EFER                   d01
      54     HOST_IA32_SYSENTER_CS            e008
      53     HOST_CR0                         80050033
      53     HOST_CR3                         201bc45000
      53     HOST_CR4                         3526e0
      51     HOST_FS_BASE                     0
      51     HOST_GS_BASE                     0
      51     HOST_TR_BASE                     ffff8320259c2c00
      52     HOST_GDTR_BASE                   ffff8320259b2000
      52     HOST_IDTR_BASE                   ffff8320259b6000
      54     HOST_IA32_SYSENTER_ESP           ffff8320259bffa0
      54     HOST_IA32_SYSENTER_EIP           ffff82d080354420
      45     HOST_RSP                         ffff8320259bff70
      45     HOST_RIP                         ffff82d08030f8b0
    `],
  ],
  // 104-qemu-entry-failed-0xffffffff-amd-elided-then-svm-vmcb-dump-lines.txt: QEMU's old-shape register dump of an AMD host
  // (hardware error 0xffffffff: a note) with the author's `[...]` elisions; the SVM `dump_vmcb` lines after it
  // (`cpl: 0 efer: …`, `cr0: … cr2: …`) and the prose `CR0: 0x80050033 EFER: 0xd01 CR4: 0x7e0` are no dump
  '104': [
    ['qemu', `
      5      GUEST_RSP                        0
      6      GUEST_ACTIVITY_STATE             0
      6      GUEST_RIP                        0
      6      GUEST_RFLAGS                     2
      7      GUEST_ES_SELECTOR                0
      7      GUEST_ES_LIMIT                   ffff
      7      GUEST_ES_AR_BYTES                93
      7      GUEST_ES_BASE                    0
      8      GUEST_CS_SELECTOR                9a00
      8      GUEST_CS_LIMIT                   ffff
      8      GUEST_CS_AR_BYTES                9a
      8      GUEST_CS_BASE                    9a000
      10     GUEST_CR0                        60000010
      10     GUEST_CR3                        1942000
      10     GUEST_CR4                        7e0
      12     GUEST_IA32_EFER                  0
    `],
  ],
  // 105-trace-5.13-rc1-kvm_nested_vmenter_failed-message-lost-in-warn-splat.txt: a kvm_nested_vmenter_failed record whose
  // message was lost (trace's own WARN quotes it as `'`): a dump of that note alone; the oops register block is no dump
  '105': [
    ['kvm-exit', ``],
  ],
  // 114-kvm-5.15-selftest-fail-entry-dump-elided-dot-dot-dot-sti-smm-mail.txt: three lines of a 5.12+ KVM dump between the author's `... ...` elisions; the selftest's `exit_reason == (2)` assertion is no field
  '114': [
    ['kvm', `
      27     GUEST_RFLAGS                     2
      27     GUEST_DR7                        400
      29     GUEST_INTERRUPTIBILITY_INFO      9
      29     GUEST_ACTIVITY_STATE             0
    `],
  ],
  // 115-qemu-5.2-chromiumos-cros_vm-nested-pve-entry-failed-0x7-notes.txt: QEMU 5.2's old-shape register dump after hardware error 0x7 (VMfail: VM-instruction error 7) in a nested Proxmox guest
  '115': [
    ['qemu', `
      9      VM_INSTRUCTION_ERROR             7
      13     GUEST_ES_SELECTOR                0
      14     GUEST_CS_SELECTOR                f000
      15     GUEST_SS_SELECTOR                0
      16     GUEST_DS_SELECTOR                0
      17     GUEST_FS_SELECTOR                0
      18     GUEST_GS_SELECTOR                0
      19     GUEST_LDTR_SELECTOR              0
      20     GUEST_TR_SELECTOR                0
      26     GUEST_IA32_EFER                  0
      13     GUEST_ES_LIMIT                   ffff
      14     GUEST_CS_LIMIT                   ffff
      15     GUEST_SS_LIMIT                   ffff
      16     GUEST_DS_LIMIT                   ffff
      17     GUEST_FS_LIMIT                   ffff
      18     GUEST_GS_LIMIT                   ffff
      19     GUEST_LDTR_LIMIT                 ffff
      20     GUEST_TR_LIMIT                   ffff
      21     GUEST_GDTR_LIMIT                 ffff
      22     GUEST_IDTR_LIMIT                 ffff
      13     GUEST_ES_AR_BYTES                93
      14     GUEST_CS_AR_BYTES                9b
      15     GUEST_SS_AR_BYTES                93
      16     GUEST_DS_AR_BYTES                93
      17     GUEST_FS_AR_BYTES                93
      18     GUEST_GS_AR_BYTES                93
      19     GUEST_LDTR_AR_BYTES              82
      20     GUEST_TR_AR_BYTES                8b
      12     GUEST_ACTIVITY_STATE             0
      23     GUEST_CR0                        60000010
      23     GUEST_CR3                        0
      23     GUEST_CR4                        0
      13     GUEST_ES_BASE                    0
      14     GUEST_CS_BASE                    ffff0000
      15     GUEST_SS_BASE                    0
      16     GUEST_DS_BASE                    0
      17     GUEST_FS_BASE                    0
      18     GUEST_GS_BASE                    0
      19     GUEST_LDTR_BASE                  0
      20     GUEST_TR_BASE                    0
      21     GUEST_GDTR_BASE                  0
      22     GUEST_IDTR_BASE                  0
      25     GUEST_DR7                        400
      11     GUEST_RSP                        0
      12     GUEST_RIP                        fff0
      12     GUEST_RFLAGS                     2
    `],
  ],
  // 118-dosemu2-kvm_exit_fail_entry-hardware_entry_failure_reason-0x80000021-inline-code.txt: dosemu2's KVM_EXIT_FAIL_ENTRY line, hardware_entry_failure_reason = the exit reason
  '118': [
    ['qemu', `
      4      VM_EXIT_REASON                   80000021
    `],
  ],
  // 119-uhyve-rust-fail-entry-debug-hardware_entry_failure_reason-0-github-runner.txt: kvm-ioctls' FailEntry(0, 2) and its later Debug form, the same failure twice (hardware_entry_failure_reason 0: VM-instruction error 0)
  '119': [
    ['qemu', `
      6      VM_INSTRUCTION_ERROR             0
    `],
    ['qemu', `
      17     VM_INSTRUCTION_ERROR             0
    `],
  ],
  // 120-qemu-razzer-entry-failed-0x80000021-named-twice-in-prose.txt: QEMU's failure line named in prose twice (as sample 53 names it): each mention its exit reason
  '120': [
    ['qemu', `
      3      VM_EXIT_REASON                   80000021
    `],
    ['qemu', `
      7      VM_EXIT_REASON                   80000021
    `],
  ],
  // 121-qemu-docker-osx-entry-failed-0x80000021-hint-no-registers-chinese-prose.txt: the failure line and QEMU's big-real-mode hint, no register dump
  '121': [
    ['qemu', `
      3      VM_EXIT_REASON                   80000021
    `],
  ],
  // 122-qemu-aerokube-windows-images-entry-failed-0x80000021-after-prose.txt: the failure line alone after two lines of prose
  '122': [
    ['qemu', `
      3      VM_EXIT_REASON                   80000021
    `],
  ],
  // 123-qemu-2.4-ovmf-internal-error-suberror-1-twice-then-two-register-dumps-excerpt.txt: two vCPUs' internal-error headers, one register dump, then a second dump's first rows (no header): the first header a dump of its note alone
  '123': [
    ['qemu', ``],
    ['qemu', `
      10     GUEST_ES_SELECTOR                0
      11     GUEST_CS_SELECTOR                9f00
      12     GUEST_SS_SELECTOR                0
      13     GUEST_DS_SELECTOR                9f00
      14     GUEST_FS_SELECTOR                0
      15     GUEST_GS_SELECTOR                0
      16     GUEST_LDTR_SELECTOR              0
      17     GUEST_TR_SELECTOR                0
      23     GUEST_IA32_EFER                  0
      10     GUEST_ES_LIMIT                   ffff
      11     GUEST_CS_LIMIT                   ffff
      12     GUEST_SS_LIMIT                   ffff
      13     GUEST_DS_LIMIT                   ffff
      14     GUEST_FS_LIMIT                   ffff
      15     GUEST_GS_LIMIT                   ffff
      16     GUEST_LDTR_LIMIT                 ffff
      17     GUEST_TR_LIMIT                   ffff
      18     GUEST_GDTR_LIMIT                 3f
      19     GUEST_IDTR_LIMIT                 ffff
      10     GUEST_ES_AR_BYTES                93
      11     GUEST_CS_AR_BYTES                9b
      12     GUEST_SS_AR_BYTES                93
      13     GUEST_DS_AR_BYTES                93
      14     GUEST_FS_AR_BYTES                93
      15     GUEST_GS_AR_BYTES                93
      16     GUEST_LDTR_AR_BYTES              82
      17     GUEST_TR_AR_BYTES                8b
      9      GUEST_ACTIVITY_STATE             0
      20     GUEST_CR0                        33
      20     GUEST_CR3                        0
      20     GUEST_CR4                        0
      10     GUEST_ES_BASE                    0
      11     GUEST_CS_BASE                    9f000
      12     GUEST_SS_BASE                    0
      13     GUEST_DS_BASE                    9f000
      14     GUEST_FS_BASE                    0
      15     GUEST_GS_BASE                    0
      16     GUEST_LDTR_BASE                  0
      17     GUEST_TR_BASE                    0
      18     GUEST_GDTR_BASE                  bff13f18
      19     GUEST_IDTR_BASE                  0
      22     GUEST_DR7                        400
      8      GUEST_RSP                        0
      9      GUEST_RIP                        1000
      9      GUEST_RFLAGS                     10002
    `],
    ['qemu', `
      26     GUEST_RSP                        0
    `],
  ],
  // 124-qemu-2.5-ovmf-entry-failed-0x80000021-in-backticks-split-over-lines.txt: the failure line inside a code span whose backticks stand on the line before and at its end
  '124': [
    ['qemu', `
      3      VM_EXIT_REASON                   80000021
    `],
  ],
  // 126-kvm-5.x-vmwrite-failed-field-2-posted-intr-nv-err-0-call-trace-notes.txt: KVM's failed-VMWRITE line after a call trace, err=0 (no VM-instruction error): a dump of its notes alone
  '126': [
    ['kvm-exit', ``],
  ],
  // 127-kvm-6.12-pkvm-vmwrite-failed-field-8-last-pid-pointer-index-err-0-quoted-notes.txt: the same line behind kvm_intel: between pKVM's own lines: a dump of its notes alone
  '127': [
    ['kvm-exit', ``],
  ],
};
