/** The one line for an error writing standard output (a full disk, EIO): bin/vmcs.js prints it. */
export function writeFailure(e: unknown): string {
  const ex = e as NodeJS.ErrnoException | undefined;
  const why = ex?.code === 'ENOSPC' ? 'no space left on device' : ex?.code === 'EDQUOT' ? 'disk quota exceeded' : ex?.code === 'EIO' ? 'input/output error' : (ex?.code ?? (ex instanceof Error ? ex.message : String(e)));
  return `vmcs: error: cannot write standard output: ${why}`;
}
