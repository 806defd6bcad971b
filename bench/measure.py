#!/usr/bin/env python3
# Used by bench.js: runs one command, its standard output to a file or into a second command
# (a slow reader), and prints wall time, CPU time (user + sys of everything it ran) and the peak
# RSS of the largest process, as one JSON line. getrusage(RUSAGE_CHILDREN) sees the command
# only, not this wrapper, so `node -e 0` and vmcs are measured alike.
import json, resource, subprocess, sys, time
spec = json.loads(sys.argv[1])
t = time.perf_counter()
if spec.get('pipe'):
    a = subprocess.Popen(spec['cmd'], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    b = subprocess.Popen(spec['pipe'], stdin=a.stdout, stdout=subprocess.DEVNULL)
    a.stdout.close()
    err = a.stderr.read()
    code = a.wait()
    b.wait()
else:
    with open(spec.get('stdout', '/dev/null'), 'wb') as out:
        r = subprocess.run(spec['cmd'], stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE)
    err, code = r.stderr, r.returncode
wall = time.perf_counter() - t
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({'wall': wall, 'cpu': u.ru_utime + u.ru_stime, 'rssMb': u.ru_maxrss / 1024, 'code': code, 'stderr': err.decode('utf8', 'replace')[-300:]}))
