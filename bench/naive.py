#!/usr/bin/env python3
# The script a user would write instead of vmcs: a dict from fields.json, one regex per line,
# one JSON object per field found (pairs like "0x6800 = 0x80050033" or "GUEST_CR0: 80050033",
# and 17 labels of KVM's dump_vmcs()). No bit decoding, no dumps, no checks: it does less.
# npm run bench times it on the same inputs as vmcs annotate --json and prints the ratio.
import json, os, re, sys
TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fields.json')
WIDTH = {0: '16', 1: '64', 2: '32', 3: 'natural'}
by_enc, by_name = {}, {}
for f in json.load(open(TABLE))['fields']:
    enc = int(f['encoding'], 16)
    by_enc[enc] = (f['name'], f['title'], WIDTH[(enc >> 13) & 3])
    for k in [f['name']] + f['aliases']:
        by_name.setdefault(k.upper(), enc)
    if 'high' in f:
        by_enc[enc + 1] = (f['name'] + '_HIGH', f['high']['title'], '32')
PAIR = re.compile(r'(?:^|\s)(0x[0-9a-fA-F]{1,8}|[A-Z][A-Z0-9_]+)\s*[=:]?\s+(?:0x)?([0-9a-fA-F]+)\s*$')
KVM = re.compile(r'([A-Za-z][A-Za-z ]*?)\s*=\s*(?:0x)?([0-9a-fA-F]+)')
LABELS = {'RIP': 0x681e, 'RSP': 0x681c, 'RFLAGS': 0x6820, 'DR7': 0x681a, 'CR3': 0x6802, 'EFER': 0x2806, 'PAT': 0x2804,
          'PinBased': 0x4000, 'CPUBased': 0x4002, 'SecondaryExec': 0x401e, 'EntryControls': 0x4012, 'ExitControls': 0x400c,
          'ExceptionBitmap': 0x4004, 'reason': 0x4402, 'qualification': 0x6400, 'TSC Offset': 0x2010, 'EPT pointer': 0x201a}
w = sys.stdout.write
def emit(enc, value):
    name, title, width = by_enc.get(enc, (None, None, None))
    w(json.dumps({'encoding': f'0x{enc:08x}', 'name': name, 'title': title, 'width': width, 'value': f'0x{value:x}'}) + '\n')
for path in sys.argv[1:] or ['/dev/stdin']:
    with open(path, errors='replace') as f:
        for line in f:
            m = PAIR.search(line)
            if m:
                key, value = m.group(1), int(m.group(2), 16)
                enc = int(key, 16) if key.startswith('0x') else by_name.get(key)
                if enc is not None:
                    emit(enc, value)
                continue
            for label, value in KVM.findall(line):
                enc = LABELS.get(label.strip())
                if enc is not None:
                    emit(enc, int(value, 16))
