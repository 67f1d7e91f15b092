/**
 * "Download your data" at two sizes in one run: a customer with 100 records
 * and one with 100 000 (sign-ins and consent history, inserted in bulk), each
 * exported in a child process of its own so its peak RSS is that export's.
 * Memory must stay near flat (cursors + streaming ZIP); time grows with data.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);
const child = path.join(import.meta.dirname, 'export-child.ts');

interface Measured {
  ms: number;
  maxRssKb: number;
  rssBeforeKb: number;
  bytes: number;
}

/** A customer with `records` rows: half sign-ins, half consent history. */
async function customerWith(sql: postgres.Sql, records: number) {
  const name = `benchexp${randomBytes(4).toString('hex')}`;
  const [user] = await sql`insert into users (username, email, email_normalized, email_verified_at, password_hash)
    values (${name}, ${name + '@example.test'}, ${name + '@example.test'}, now(), 'x') returning id`;
  const id = user!.id as string;
  const logins = Math.floor(records / 2);
  await sql`insert into login_events (user_id, success, method, reason, ip, user_agent, created_at)
    select ${id}, n % 10 <> 0, 'password', case when n % 10 = 0 then 'bad_credentials' else 'ok' end,
      ('203.0.' || (n / 250) % 250 || '.' || n % 250)::inet, 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', now() - n * interval '1 minute'
    from generate_series(1, ${logins}::int) n`;
  await sql`insert into consent_events (user_id, topic, state, source, ip, user_agent, policy_version, created_at)
    select ${id}, (array['offers','newsletter','product_updates'])[1 + n % 3]::mail_topic, (array['granted','withdrawn'])[1 + n % 2]::consent_state, 'settings',
      '198.51.100.7', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', '2026-11', now() - n * interval '1 minute'
    from generate_series(1, ${records - logins}::int) n`;
  return id;
}

async function exportOnce(databaseUrl: string, userId: string, nodeFlags: string[] = []): Promise<Measured> {
  const { stdout } = await run(process.execPath, [...nodeFlags, '--conditions=react-server', '--import', 'tsx', child], {
    env: { ...process.env, DATABASE_URL: databaseUrl, EXPORT_USER_ID: userId, LOG_LEVEL: 'silent' },
    maxBuffer: 1 << 20,
  });
  const last = stdout.trim().split('\n').at(-1)!;
  const m = JSON.parse(last) as Measured & { outcome: string };
  if (m.outcome !== 'complete') throw new Error(`export ${m.outcome}`);
  return m;
}

export async function benchExport(databaseUrl: string, sql: postgres.Sql) {
  const small = await customerWith(sql, 100);
  const large = await customerWith(sql, 100_000);
  await sql`analyze login_events`;
  await sql`analyze consent_events`;
  await exportOnce(databaseUrl, small); // warm-up: tsx's transform cache, Postgres's plans and buffers
  const a = await exportOnce(databaseUrl, small);
  const b = await exportOnce(databaseUrl, large);
  // V8 lets garbage pile up while memory is plentiful, so the default peak overstates what an export keeps.
  // Under a small heap cap the large export must still finish: proof that nothing grows with the row count.
  const capMb = 48;
  const capped = await exportOnce(databaseUrl, large, [`--max-old-space-size=${capMb}`]);
  const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
  const line = (label: string, m: Measured) =>
    `  ${label.padEnd(16)} ${m.ms.toFixed(0).padStart(7)} ms   peak RSS ${mb(m.maxRssKb).padStart(9)} (before the export ${mb(m.rssBeforeKb)})   ZIP ${(m.bytes / 1024).toFixed(0)} kB`;
  console.log('\n"Download your data" (one child process per export: cursors in a REPEATABLE READ snapshot → archiver ZIP, discarded):');
  console.log(line('100 records', a));
  console.log(line('100 000 records', b));
  console.log(
    `ratio 100k ÷ 100: time ${(b.ms / a.ms).toFixed(1)}×, peak RSS ${(b.maxRssKb / a.maxRssKb).toFixed(2)}× (growth over the process baseline: ${mb(a.maxRssKb - a.rssBeforeKb)} → ${mb(b.maxRssKb - b.rssBeforeKb)})`,
  );
  console.log(`${line(`100 000, ${capMb} MB heap`, capped)}\nratio capped 100k ÷ 100: peak RSS ${(capped.maxRssKb / a.maxRssKb).toFixed(2)}× (the default run's extra is uncollected garbage, not data held)\n`);
  return { small: a, large: b, capped };
}

// `node --import tsx scripts/bench/export.ts` against DATABASE_URL (a migrated database), without the rest of the bench.
if (process.argv[1]?.endsWith(path.join('bench', 'export.ts'))) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await benchExport(url, sql);
  await sql.end();
}
