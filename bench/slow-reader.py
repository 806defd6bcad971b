#!/usr/bin/env python3
# Used by bench.js: a consumer slower than vmcs (like `| less` or a slow network), draining
# standard input 64 KiB at a time with a pause after each read (argv[1] ms, default 2).
import sys, time
pause = float(sys.argv[1] if len(sys.argv) > 1 else 2) / 1000
read = sys.stdin.buffer.read1
while read(65536):
    time.sleep(pause)
