import 'server-only';
import { Readable } from 'node:stream';
import * as archiverModule from 'archiver';
import { stringify } from 'csv-stringify/sync';
import type postgres from 'postgres';
import { EXPORT_COLLECTIONS, EXPORT_EXCLUSIONS, type ExportCollection } from './collections';

/** Rows fetched per cursor round trip: memory holds one batch, whatever the customer's history. */
export const CURSOR_BATCH = 500;

/*
 * archiver 7 is CommonJS (module.exports is the factory); @types/archiver 8
 * describes the ESM v8 API. The Archiver stream itself is typed the same in
 * both, so the factory is taken from whichever interop shape we are given.
 */
type Factory = (format: 'zip', options: archiverModule.ArchiverOptions) => archiverModule.Archiver;
const archiver = ((archiverModule as unknown as { default?: Factory }).default ?? archiverModule) as unknown as Factory;

type Queryable = Pick<postgres.Sql, 'unsafe'>;
type Row = Record<string, unknown>;

/**
 * Which cursors are open, so that a download abandoned halfway can close them
 * all before its transaction ends (a ROLLBACK sent while a cursor is open
 * would wait behind it for ever), and none opens afterwards.
 */
class CursorGate {
  stopped = false;
  private open = 0;
  private waiters: (() => void)[] = [];

  /** The collection's rows, batch by batch, from a server-side cursor. Column lists are constants (collections.ts); the id is the only parameter. */
  async *rows(q: Queryable, c: ExportCollection, userId: string): AsyncGenerator<Row[]> {
    if (this.stopped) return;
    const select = Object.entries(c.columns)
      .map(([as, expr]) => `${expr} as "${as}"`)
      .join(', ');
    this.open++;
    try {
      for await (const rows of q.unsafe(`select ${select} from ${c.from} where ${c.where} order by ${c.orderBy}`, [userId]).cursor(CURSOR_BATCH) as AsyncIterable<Row[]>) {
        if (this.stopped) return;
        yield rows;
      }
    } finally {
      this.open--;
      if (this.open === 0) this.waiters.splice(0).forEach((w) => w());
    }
  }

  /** Resolves once no cursor is open. */
  idle() {
    return this.open === 0 ? Promise.resolve() : new Promise<void>((r) => this.waiters.push(r));
  }
}

const jsonValue = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
const plain = (row: Row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonValue(v)]));

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe: user agents and free text come from outside. */
export const neutralizeFormula = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

const csvOptions = {
  cast: { boolean: (b: boolean) => (b ? 'true' : 'false'), date: (d: Date) => d.toISOString(), string: neutralizeFormula },
};

async function* dataJson(gate: CursorGate, q: Queryable, userId: string, exportedAt: Date, counts: Map<string, number>) {
  yield `{\n  "format": "account-center-export/1",\n  "exportedAt": ${JSON.stringify(exportedAt.toISOString())},\n  "collections": {`;
  for (const [i, c] of EXPORT_COLLECTIONS.entries()) {
    yield `${i ? ',' : ''}\n    ${JSON.stringify(c.name)}: [`;
    let n = 0;
    for await (const rows of gate.rows(q, c, userId)) {
      yield rows.map((r) => `${n++ ? ',' : ''}\n      ${JSON.stringify(plain(r))}`).join('');
    }
    counts.set(c.name, n);
    yield n ? '\n    ]' : ']';
  }
  yield '\n  }\n}\n';
}

async function* csvFile(gate: CursorGate, q: Queryable, c: ExportCollection, userId: string) {
  const columns = Object.keys(c.columns);
  yield stringify([], { header: true, columns, ...csvOptions });
  for await (const rows of gate.rows(q, c, userId)) yield stringify(rows, { columns, ...csvOptions });
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** README.html: what each file holds and, per GDPR Art. 15(1), why we have it, how long we keep it, who receives it and where it came from. */
export function readmeHtml(exportedAt: Date, counts: ReadonlyMap<string, number>) {
  const sections = EXPORT_COLLECTIONS.map(
    (c) => `<section id="${c.name}">
<h2>${esc(c.title)}</h2>
<p>Files: <code>${c.name}.csv</code>, and <code>collections.${c.name}</code> in <code>data.json</code>. Records: ${counts.get(c.name) ?? 0}.</p>
<dl>
<dt>Why we have it</dt><dd>${esc(c.purpose)}</dd>
<dt>How long we keep it</dt><dd>${esc(c.retention)}</dd>
<dt>Who receives it</dt><dd>${esc(c.recipients)}</dd>
<dt>Where it comes from</dt><dd>${esc(c.source)}</dd>
<dt>Columns</dt><dd>${Object.keys(c.columns).map((k) => `<code>${k}</code>`).join(', ')}</dd>
</dl>
</section>`,
  ).join('\n');
  const left = Object.entries(EXPORT_EXCLUSIONS)
    .map(([table, why]) => `<li><code>${table}</code>: ${esc(why)}</li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your data from Account Center</title>
<style>body{font-family:system-ui,sans-serif;line-height:1.5;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111}dt{font-weight:600;margin-top:.5rem}dd{margin-left:0}section{border-top:1px solid #ddd;margin-top:1.5rem}code{overflow-wrap:anywhere}</style>
</head><body>
<h1>Your data from Account Center</h1>
<p>Exported ${esc(exportedAt.toISOString())} (UTC), as one consistent snapshot. This is every record we hold about you, in two forms: <code>data.json</code> (all of it, for machines) and one CSV file per collection (for spreadsheets). Times are in UTC (ISO 8601). Amounts are in minor units (pence, cents) with their currency.</p>
<p>Not included, because they are secrets: your password and PIN (we hold only salted hashes, never the values), one-time codes and links, and the text of messages that carried them. Staff-only working notes on inaccuracy reports are not included; what staff told you is in <code>report_timeline</code>.</p>
<p>We do not sell your information or share it with anyone outside the recipients named below unless you authorize it. To correct anything, use your account (Profile, or Inaccuracy reports); to delete your account, use Download or delete.</p>
${sections}
<section id="not-exported">
<h2>Records we hold that are not in this export</h2>
<ul>
${left}
</ul>
</section>
</body></html>
`;
}

/**
 * The ZIP as a stream: data.json, one CSV per collection and README.html, each
 * entry read from cursors when the archiver reaches it. `q` must be a
 * connection inside one REPEATABLE READ transaction, so every file sees the
 * same snapshot. Nothing is buffered beyond a cursor batch and zlib's window.
 */
export function exportArchive(q: Queryable, userId: string, exportedAt: Date) {
  const archive = archiver('zip', { zlib: { level: 6 } });
  const counts = new Map<string, number>();
  const gate = new CursorGate();
  const plan: { name: string; source: () => AsyncIterable<string> }[] = [
    { name: 'data.json', source: () => dataJson(gate, q, userId, exportedAt, counts) },
    ...EXPORT_COLLECTIONS.map((c) => ({ name: `${c.name}.csv`, source: () => csvFile(gate, q, c, userId) })),
    {
      name: 'README.html',
      source: async function* () {
        yield readmeHtml(exportedAt, counts);
      },
    },
  ];
  /*
   * One entry at a time: archiver pipes every appended stream into a buffer at
   * once, which would start every cursor together on the one connection (and
   * deadlock it). The next entry is appended only when the last is written.
   */
  let current: Readable | undefined;
  const appendNext = () => {
    const next = plan.shift();
    if (!next) {
      current = undefined;
      // Failures surface as the archive's 'error' event, which the caller handles.
      archive.finalize().catch(() => {});
      return;
    }
    current = Readable.from(next.source(), { objectMode: false });
    archive.append(current, { name: next.name, date: exportedAt });
  };
  archive.on('entry', () => {
    if (!gate.stopped) appendNext();
  });
  appendNext();

  /** Stops reading: no cursor opens any more, the current entry is destroyed, and this resolves once the open cursor (if any) has closed. */
  const stop = () => {
    gate.stopped = true;
    current?.destroy();
    return gate.idle();
  };
  return { archive, stop };
}
