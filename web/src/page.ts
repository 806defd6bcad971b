/**
 * The page: an input (paste, drop or choose a file), the options of `vmcs check`, and the
 * results: per dump the failed checks first, then the annotated fields grouped as the CLI
 * groups them; a click on a value shows explain() of it, bit by bit.
 */
import { explain } from '../../dist/bits/explain.js';
import { formatDecoded } from '../../dist/bits/layouts.js';
import { formatEncoding } from '../../dist/table/encoding.js';
import { formatMessage } from '../../dist/render/messages.js';
import { $, append, clear, h } from './dom.js';
import { pageEngine, workerEngine, type Engine } from './engine.js';
import { PROFILES, type DumpSummary, type DumpView, type FieldView, type RunEnd, type RunOptions } from './session.js';

/** Dump summaries drawn at once; "Show more" draws the next ones. */
const PAGE = 200;

const FLAG_TEXT: Record<string, string> = {
  'reserved-bit-set': 'reserved or unnamed bits set',
  'unknown-bit-set': 'reserved or unnamed bits set',
  'value-too-wide': 'value wider than the field',
  'unknown-encoding': 'encoding not in the SDM table',
  'conflicting-values': 'given twice with different values',
};

interface Input {
  name: string;
  bytes: Uint8Array;
}

export function pageMain(source: string): void {
  // The worker needs the script's text: an inline script has it (the built page is one file).
  const engine: Engine = (source ? workerEngine(source) : undefined) ?? pageEngine();
  document.body.dataset.engine = engine.kind;

  const form = $('input') as HTMLFormElement;
  const text = $('dump') as HTMLTextAreaElement;
  const file = $('file') as HTMLInputElement;
  const drop = $('drop');
  const chosen = $('chosen');
  const format = $('format') as HTMLSelectElement;
  const profile = $('profile') as HTMLSelectElement;
  const capsFile = $('caps-file') as HTMLInputElement;
  const cpu = $('cpu') as HTMLInputElement;
  const stop = $('stop') as HTMLButtonElement;
  const runButton = $('run') as HTMLButtonElement;
  const progress = $('progress') as HTMLProgressElement;
  const status = $('status-text');
  const results = $('results');

  for (const p of PROFILES) profile.appendChild(h('option', { value: p.name }, `${p.name}: ${p.cpu}`));

  let fileInput: Input | undefined;
  let capsInput: { name: string; text: string } | undefined;
  let running = false;

  const showChosen = (): void => {
    clear(chosen);
    if (!fileInput) return;
    const forget = h('button', { type: 'button', class: 'link' }, 'use the text box instead');
    forget.addEventListener('click', () => {
      fileInput = undefined;
      file.value = '';
      showChosen();
      text.focus();
    });
    append(chosen, [`Reading the file ${fileInput.name} (${size(fileInput.bytes.length)}), not the text box. `, forget]);
  };

  const takeFile = async (f: File): Promise<void> => {
    fileInput = { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
    showChosen();
    void start();
  };

  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) void takeFile(f);
  });
  capsFile.addEventListener('change', async () => {
    const f = capsFile.files?.[0];
    capsInput = f ? { name: f.name, text: await f.text() } : undefined;
    if (capsInput) profile.value = '';
  });
  profile.addEventListener('change', () => {
    if (profile.value) {
      capsInput = undefined;
      capsFile.value = '';
    }
  });
  // Drop anywhere on the input form.
  for (const ev of ['dragenter', 'dragover'] as const) {
    form.addEventListener(ev, (e) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      drop.classList.add('over');
    });
  }
  form.addEventListener('dragleave', () => drop.classList.remove('over'));
  form.addEventListener('drop', (e) => {
    const f = e.dataTransfer?.files[0];
    drop.classList.remove('over');
    if (!f) return;
    e.preventDefault();
    void takeFile(f);
  });
  text.addEventListener('input', () => {
    if (fileInput) {
      fileInput = undefined;
      file.value = '';
      showChosen();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void start();
  });
  stop.addEventListener('click', () => {
    engine.stop();
  });

  async function start(): Promise<void> {
    if (running) engine.stop();
    const input: Input = fileInput ? { name: fileInput.name, bytes: fileInput.bytes.slice() } : { name: 'pasted text', bytes: new TextEncoder().encode(text.value) };
    if (input.bytes.length === 0) {
      status.textContent = 'Paste a dump into the text box, or drop or choose a file.';
      return;
    }
    const options: RunOptions = { source: input.name, format: format.value as RunOptions['format'] };
    if (capsInput) {
      options.capsText = capsInput.text;
      options.capsName = capsInput.name;
    } else if (profile.value) options.profile = profile.value;
    if (cpu.value.trim()) options.cpu = cpu.value;

    running = true;
    document.body.dataset.state = 'running';
    stop.hidden = false;
    runButton.disabled = false;
    const t0 = performance.now();
    clear(results);
    const list = new DumpList(engine);
    results.appendChild(list.root);
    progress.hidden = input.bytes.length < 1 << 20;
    progress.max = input.bytes.length;
    progress.value = 0;
    status.textContent = `Reading ${input.name} (${size(input.bytes.length)})…`;
    const r = await engine.run(input.bytes, options, (p) => {
      progress.value = p.done;
      list.add(p.summaries);
      status.textContent = `Read ${size(p.done)} of ${size(p.total)}: ${list.count} dump${list.count === 1 ? '' : 's'} so far…`;
    });
    running = false;
    stop.hidden = true;
    progress.hidden = true;
    if ('error' in r) {
      document.body.dataset.state = 'error';
      status.textContent = r.error === 'stopped' ? 'Stopped.' : `Error: ${r.error}`;
      if (r.error === 'stopped') clear(results);
      return;
    }
    list.add(r.summaries);
    const ms = Math.round(performance.now() - t0);
    document.body.dataset.ms = String(ms);
    status.textContent = verdict(r.end, input.name, ms);
    results.insertBefore(diagnosticsList(r.end.diagnostics), list.root);
    list.done();
    document.body.dataset.state = 'done';
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
  }
}

function size(n: number): string {
  return n < 1024 ? `${n} bytes` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KB` : `${(n / (1 << 20)).toFixed(1)} MB`;
}

function plural(n: number, what: string): string {
  return `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;
}

function verdict(end: RunEnd, name: string, ms: number): string {
  const t = end.totals;
  const s = end.summary;
  const caps = end.caps ? ` Capabilities: ${end.caps.source}.` : '';
  return `${name}: ${plural(t.dumps, 'dump')}: ${plural(t.fail, 'failure')}, ${t.pass.toLocaleString('en')} passed, ${t.notEvaluated.toLocaleString('en')} not evaluated; ${plural(s.fields, 'field')}, ${s.skipped.toLocaleString('en')} of ${plural(s.lines, 'line')} skipped; ${(ms / 1000).toFixed(2)} s.${caps}`;
}

function diagnosticsList(diags: Record<string, unknown>[]): HTMLElement | Text {
  if (diags.length === 0) return document.createTextNode('');
  return h(
    'ul',
    { class: 'diagnostics', 'aria-label': 'Messages about the input' },
    diags.map((d) => h('li', { class: String(d.severity) }, `${d.line !== undefined ? `line ${d.line}: ` : ''}${String(d.severity)}: ${String(d.message)}`)),
  );
}

/** The dumps, one <details> each, drawn PAGE at a time; a dump's view is asked for when it opens. */
class DumpList {
  readonly root = h('section', { 'aria-label': 'Dumps' });
  private readonly list = h('ol', { class: 'dumps' });
  private readonly more = h('button', { type: 'button', hidden: true }, 'Show more dumps');
  private readonly onlyFailed = h('input', { type: 'checkbox', id: 'only-failed' });
  private readonly all: DumpSummary[] = [];
  private shown = 0;
  private filterBox = h('p', { hidden: true }, h('label', null, this.onlyFailed, ' only the dumps that fail a check'));

  constructor(private readonly engine: Engine) {
    append(this.root, [this.filterBox, this.list, this.more]);
    this.more.addEventListener('click', () => this.draw(true));
    this.onlyFailed.addEventListener('change', () => {
      clear(this.list);
      this.shown = 0;
      this.draw(false);
    });
  }

  get count(): number {
    return this.all.length;
  }

  add(s: DumpSummary[]): void {
    for (const x of s) this.all.push(x);
    this.draw(false);
  }

  /** The run is over: open the first dump (the first failing one when there are failures). */
  done(): void {
    this.filterBox.hidden = this.all.length < 2;
    const first = this.list.querySelector<HTMLDetailsElement>('details.failed') ?? this.list.querySelector<HTMLDetailsElement>('details');
    if (first) first.open = true;
  }

  private visible(): DumpSummary[] {
    return this.onlyFailed.checked ? this.all.filter((s) => s.failed.length > 0) : this.all;
  }

  private draw(more: boolean): void {
    const v = this.visible();
    const limit = more ? this.shown + PAGE : Math.max(PAGE, this.shown);
    for (; this.shown < Math.min(v.length, limit); this.shown++) this.list.appendChild(this.item(v[this.shown]!));
    this.more.hidden = this.shown >= v.length;
    this.more.textContent = `Show ${Math.min(PAGE, v.length - this.shown)} more of ${plural(v.length - this.shown, 'dump')} not shown`;
  }

  private item(s: DumpSummary): HTMLElement {
    const where = s.firstLine !== undefined ? (s.lastLine !== undefined && s.lastLine !== s.firstLine ? `lines ${s.firstLine}-${s.lastLine}` : `line ${s.firstLine}`) : '';
    const verdictText = s.failed.length ? `fails ${s.failed.join(', ')}` : 'no rule fails';
    const summary = h(
      'summary',
      null,
      h('span', { class: 'dump-title' }, `Dump ${s.index}`),
      ` · ${[s.format, where, plural(s.fields, 'field')].filter(Boolean).join(' · ')} · `,
      h('span', { class: s.failed.length ? 'bad' : 'ok' }, verdictText),
      s.explanation ? ` (${s.explanation.replace('-', ' ')})` : '',
    );
    const body = h('div', { class: 'dump-body' });
    const d = h('details', { class: s.failed.length ? 'dump failed' : 'dump', 'data-index': s.index }, summary, body);
    let loaded = false;
    d.addEventListener('toggle', async () => {
      if (!d.open || loaded) return;
      loaded = true;
      body.textContent = 'Loading…';
      const view = await this.engine.view(s.index);
      clear(body);
      if (!view) body.textContent = 'This dump is no longer held (the input was read again).';
      else append(body, renderView(view));
      d.dataset.loaded = '';
    });
    return h('li', null, d);
  }
}

function renderView(v: DumpView): Node[] {
  const out: Node[] = [];
  if (v.description) out.push(h('p', { class: 'note' }, v.description));
  out.push(renderCheck(v));
  out.push(h('h3', null, 'Fields'));
  for (const g of v.groups) {
    out.push(h('h4', null, g.title));
    out.push(fieldTable(g.fields, v));
  }
  if (v.notes.length) {
    out.push(h('h4', null, 'Not VMCS fields'));
    out.push(
      h(
        'table',
        { class: 'fields notes' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Where'), h('th', { scope: 'col' }, 'Label'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'What'))),
        h('tbody', null, v.notes.map((n) => h('tr', null, h('td', null, n.where), h('td', null, n.label), h('td', null, h('code', null, n.value)), h('td', null, n.what)))),
      ),
    );
  }
  if (v.diagnostics.length) out.push(diagnosticsList(v.diagnostics));
  const copy = h('button', { type: 'button' }, 'Copy');
  const pre = h('pre', null, v.text);
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(v.text).then(() => (copy.textContent = 'Copied'));
  });
  out.push(h('details', { class: 'as-text' }, h('summary', null, 'As text (what vmcs check and vmcs annotate print)'), pre, copy));
  return out;
}

interface RuleJson {
  id: string;
  status: string;
  section: string;
  title: string;
  fields: { name: string; encoding: string; value: string }[];
  msrs?: { name: string; index: string; value: string }[];
  message: string;
  failureText: string;
  decision?: string;
}

function renderCheck(v: DumpView): HTMLElement {
  const results = v.check.results as RuleJson[];
  const counts = v.check.counts as { pass: number; fail: number; notEvaluated: number };
  const failing = results.filter((r) => r.status === 'fail');
  const sec = h('section', { class: 'check', 'aria-label': `Dump ${v.index}: VM-entry checks` }, h('h3', null, 'VM-entry checks'));
  for (const r of failing) {
    const read = r.fields.map((f) => valueButton(f.name, f.value, { field: f.encoding, value: f.value, ...v.context }, `${f.name}=`));
    sec.appendChild(
      h(
        'article',
        { class: 'fail', 'data-rule': r.id },
        h('h4', null, h('span', { class: 'badge' }, 'FAIL'), ' ', h('span', { class: 'rule' }, r.id), ' ', h('span', { class: 'sdm' }, `SDM ${r.section}`), ' ', r.title),
        h('p', { class: 'why' }, r.message),
        read.length ? h('p', { class: 'read' }, h('span', { class: 'label' }, 'Fields read: '), read.flatMap((b, i) => (i ? [' ', b] : [b]))) : null,
        r.msrs?.length ? h('p', null, h('span', { class: 'label' }, 'MSRs: '), r.msrs.map((m) => `${m.name}=${m.value}`).join(' ')) : null,
        h('p', { class: 'cpu' }, h('span', { class: 'label' }, 'The CPU reports: '), r.failureText),
        r.decision ? h('p', { class: 'note' }, h('span', { class: 'label' }, 'Note: '), r.decision) : null,
      ),
    );
  }
  if (failing.length === 0) sec.appendChild(h('p', { class: 'ok' }, 'No rule fails.'));
  else sec.appendChild(h('p', { class: 'predicted' }, h('span', { class: 'label' }, 'The CPU reports first: '), v.predicted));
  const e = v.check.explanation as { status: string } | undefined;
  for (const line of v.explanation) sec.appendChild(h('p', { class: 'explanation', 'data-status': e?.status }, line.trim()));
  sec.appendChild(h('p', { class: 'counts' }, `${counts.fail} failed, ${counts.pass} passed, ${counts.notEvaluated} not evaluated; ${v.capsNote}.`));
  const ne = results.filter((r) => r.status === 'not-evaluated');
  if (ne.length) {
    sec.appendChild(
      h(
        'details',
        { class: 'not-evaluated' },
        h('summary', null, `Not evaluated (${ne.length}): what they need`),
        h('ul', null, ne.map((r) => h('li', null, h('span', { class: 'rule' }, r.id), ` ${r.title}: `, h('span', { class: 'note' }, r.message)))),
      ),
    );
  }
  return sec;
}

function fieldTable(fields: FieldView[], v: DumpView): HTMLElement {
  const body = h('tbody');
  for (const f of fields) {
    const row = h(
      'tr',
      { 'data-encoding': f.encoding },
      h('td', null, h('code', null, f.encoding)),
      h('th', { scope: 'row' }, f.name ?? '(unassigned)'),
      h('td', null, valueButton(f.name ?? f.encoding, f.value, f.explain)),
      h(
        'td',
        null,
        f.title,
        f.decoded ? h('div', { class: 'decoded' }, f.decoded) : null,
        f.flags.map((x) => h('div', { class: 'bad' }, `! ${FLAG_TEXT[x] ?? x}`)),
      ),
    );
    body.appendChild(row);
  }
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      { class: 'fields', 'aria-label': `Dump ${v.index}: fields` },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Encoding'), h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Meaning'))),
      body,
    ),
  );
}

let explainIds = 0;

/** A value that explains itself on a click: explain() of the library, every bit. */
function valueButton(name: string, value: string, args: FieldView['explain'], prefix = ''): HTMLElement {
  const id = `explain-${++explainIds}`;
  const b = h('button', { type: 'button', class: 'value', 'aria-expanded': 'false', 'aria-controls': id, title: `Explain ${name} = ${value}, bit by bit` }, prefix, value);
  let panel: HTMLElement | undefined;
  b.addEventListener('click', () => {
    const open = b.getAttribute('aria-expanded') !== 'true';
    b.setAttribute('aria-expanded', String(open));
    if (!open) {
      panel?.remove();
      return;
    }
    panel = explainPanel(id, args);
    // In a table, the explanation takes a row of its own under the field; elsewhere it follows the button.
    const tr = b.closest('tr');
    if (tr) {
      const row = h('tr', { class: 'explain-row' }, h('td', { colspan: 4 }, panel));
      tr.after(row);
      panel = row;
    } else {
      const block = b.closest('p') ?? b;
      block.after(panel);
    }
  });
  return b;
}

function explainPanel(id: string, args: FieldView['explain']): HTMLElement {
  const opts = { all: true, ...(args.reason !== undefined ? { reason: args.reason } : {}), ...(args.vector !== undefined ? { vector: args.vector } : {}) };
  const r = explain(args.field, args.value, opts);
  const panel = h('div', { class: 'explain', id, role: 'region', 'aria-label': `${args.field} = ${args.value}, bit by bit` });
  if (!r.ok) {
    panel.appendChild(h('p', { class: 'note' }, `${formatMessage(r.diagnostic)}.`));
    return panel;
  }
  append(panel, [
    h('p', null, h('code', null, 'encoding' in r.field ? formatEncoding(r.field.encoding) : 'structure'), ' ', h('strong', null, r.field.name ?? ''), ` ${r.field.title ?? ''} = `, h('code', null, args.value)),
    h('p', { class: 'note' }, `${r.layoutTitle}${r.layoutSdm ? ` (SDM ${r.layoutSdm})` : ''}`),
  ]);
  if (r.decoded.length === 0) panel.appendChild(h('p', { class: 'note' }, 'no bit set'));
  else {
    panel.appendChild(
      h(
        'table',
        { class: 'bits' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Bits'), h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Meaning'))),
        h(
          'tbody',
          null,
          r.decoded.map((d) => {
            const flagged = d.reserved && d.value !== 0n && !d.inMask;
            const cls = flagged ? 'bad' : d.kind === 'bit' && !d.set ? 'clear' : 'set';
            return h(
              'tr',
              { class: cls },
              h('td', null, h('code', null, d.bits)),
              h('td', null, d.name),
              h('td', null, h('code', null, formatDecoded(d))),
              h('td', null, d.label ?? d.meaning ?? '', flagged ? h('strong', null, d.name === 'Unknown' ? ' ! set, but this table names no such bit' : ' ! reserved') : null),
            );
          }),
        ),
      ),
    );
  }
  for (const d of r.diagnostics) panel.appendChild(h('p', { class: 'bad' }, `warning: ${formatMessage(d)}`));
  return panel;
}
