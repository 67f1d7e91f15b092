/**
 * One-click unsubscribe benchmark (issue 6): the time from a real RFC 8058 POST
 * to `/api/unsubscribe` (no cookie) until the customer is suppressed for that
 * topic, i.e. the send-time guard's consent look-up reads `withdrawn`. The
 * endpoint withdraws inside the request, so the wait after the 200 is a check,
 * not a poll. Reference, measured in the same run and the same way: a GET of
 * `/api/health` followed by the same look-up.
 */
import { register } from 'node:module';
import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { median, p99 } from './stats';


export async function benchUnsubscribe(base: string, sql: postgres.Sql, env: Record<string, string>, customers = 200) {
  Object.assign(process.env, env);
  register('../server-conditions.mjs', import.meta.url);
  const { unsubscribeToken } = await import('../../server/consent/tokens');
  const tag = randomBytes(3).toString('hex');
  const users = (await sql`
    insert into users (username, email, email_normalized, email_verified_at, password_hash)
    select 'unsub' || ${tag} || n, 'unsub' || ${tag} || n || '@example.test', 'unsub' || ${tag} || n || '@example.test', now(), 'x' from generate_series(1, ${customers}) n
    returning id`) as unknown as { id: string }[];
  await sql`insert into consents (user_id, topic, state) select id, 'offers', 'granted' from users where username like ${`unsub${tag}%`}`;
  const state = async (id: string) => (await sql`select state from consents where user_id = ${id} and topic = 'offers'`)[0]?.state as string;

  const reference: number[] = [];
  const gaps: number[] = [];
  for (const u of users) {
    let t = performance.now();
    await (await fetch(`${base}/api/health`)).arrayBuffer();
    await state(u.id);
    reference.push(performance.now() - t);

    t = performance.now();
    const res = await fetch(`${base}/api/unsubscribe?token=${encodeURIComponent(unsubscribeToken(u.id, 'offers'))}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`unsubscribe answered ${res.status}`);
    if ((await state(u.id)) !== 'withdrawn') throw new Error('the customer was not suppressed when the POST returned');
    gaps.push(performance.now() - t);
  }
  const [{ rows }] = (await sql`select count(*)::int as rows from consent_events e join users u on u.id = e.user_id where u.username like ${`unsub${tag}%`} and e.source = 'one_click'`) as unknown as [{ rows: number }];
  console.log(`\none-click unsubscribe, POST /api/unsubscribe (no cookie) → consent reads withdrawn (${customers} customers, sequential, HTTP):`);
  console.log(`  unsubscribe → suppressed   p50 ${median(gaps).toFixed(1)} ms   p99 ${p99(gaps).toFixed(1)} ms`);
  console.log(`  reference /api/health + the same look-up   p50 ${median(reference).toFixed(1)} ms   p99 ${p99(reference).toFixed(1)} ms`);
  console.log(`  ratio p50 ${(median(gaps) / median(reference)).toFixed(2)}×; ${rows} ledger rows with source one_click\n`);
  return { p50Ms: median(gaps), referenceP50Ms: median(reference) };
}
