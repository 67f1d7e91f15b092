import { Readable } from 'node:stream';
import { EXPORT_REFUSALS, type ExportRefusal } from '@/lib/privacy';
import { sessionForApi } from '@/server/auth/current';
import { startExport } from '@/server/privacy/export';
import { requestContext } from '@/server/request';

export const dynamic = 'force-dynamic';

/**
 * "Download your data": POST from the form on /account/privacy (a GET would let
 * another site's link spend the customer's downloads). The ZIP streams as it is
 * built. Refusals go back to the page with a reason the page explains, or, to
 * scripts, as JSON with the status (401, 403, 429).
 */
export async function POST(request: Request) {
  // A browser submitting the page's form navigates; fetch and other clients get JSON.
  const navigation = request.headers.get('sec-fetch-mode') === 'navigate';
  const refuse = (status: number, refusal: ExportRefusal, retryAt?: Date) =>
    navigation
      ? new Response(null, { status: 303, headers: { location: `/account/privacy?export=${refusal}#download`, 'cache-control': 'no-store' } })
      : Response.json(
          { error: EXPORT_REFUSALS[refusal], code: refusal, ...(retryAt ? { retryAt: retryAt.toISOString() } : {}) },
          { status, headers: { 'cache-control': 'no-store', ...(retryAt ? { 'retry-after': String(Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000))) } : {}) } },
        );
  // SameSite=Lax already keeps the session cookie off cross-site POSTs; this refuses them outright.
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return refuse(403, 'forbidden');

  const s = await sessionForApi();
  const result = await startExport(s && { userId: s.user.id, reauthenticatedAt: s.session.reauthenticatedAt }, await requestContext());
  if (!result.ok) return refuse(result.status, result.refusal, result.retryAt);
  return new Response(Readable.toWeb(result.body) as unknown as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${result.filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
