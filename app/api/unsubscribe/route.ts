import { unsubscribeWithToken } from '@/server/consent/unsubscribe';
import { getDb } from '@/server/core/db';
import { log } from '@/server/log';
import { contextFrom } from '@/server/request';

export const dynamic = 'force-dynamic';

/*
 * RFC 8058 one-click unsubscribe: the URL of the `List-Unsubscribe` header.
 * Mail apps POST `List-Unsubscribe=One-Click` here without cookies; the signed
 * token in the query string is the only proof, and it can only withdraw its
 * own topic. Cookies and the session are never read. A GET (a person or a
 * link scanner opening the URL) changes nothing and goes to the visible page.
 */

const MAX_BODY = 2048;
const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
const answer = (status: number, text: string) => new Response(`${text}\n`, { status, headers });

/** The body as text, or null past MAX_BODY bytes (a mail app sends about 30). */
async function boundedText(request: Request): Promise<string | null> {
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** RFC 8058 allows the body as application/x-www-form-urlencoded or multipart/form-data. */
async function isOneClick(request: Request): Promise<boolean> {
  const text = await boundedText(request);
  if (text === null) return false;
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(text, { headers: { 'content-type': type } }).formData().catch(() => null);
    return form?.get('List-Unsubscribe') === 'One-Click';
  }
  return new URLSearchParams(text).get('List-Unsubscribe') === 'One-Click';
}

export async function POST(request: Request) {
  if (!(await isOneClick(request))) return answer(400, 'Expected the body List-Unsubscribe=One-Click. Nothing was changed.');
  const token = new URL(request.url).searchParams.get('token');
  const result = await getDb().transaction((tx) => unsubscribeWithToken(tx, token, 'one_click', contextFrom(request.headers)));
  if (!result.ok) return answer(400, 'This unsubscribe link is not valid (it may be cut short or altered). Nothing was changed.');
  log.info({ event: 'unsubscribed', source: 'one_click', topic: result.topic, changed: result.changed });
  return answer(200, 'You are unsubscribed.');
}

export function GET(request: Request) {
  const token = new URL(request.url).searchParams.get('token');
  return new Response(null, { status: 303, headers: { location: `/unsubscribe${token ? `?token=${encodeURIComponent(token)}` : ''}`, 'cache-control': 'no-store' } });
}
