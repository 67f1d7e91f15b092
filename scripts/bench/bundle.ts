/**
 * First-load JS of a page, as the browser gets it: every script its server-rendered
 * HTML loads (`<script src>` but the noModule polyfills, and script preloads), fetched from the running server
 * and gzipped here (level 6, what a reverse proxy does), summed. `/account/profile`
 * against the public `/privacy` in the same run, and which heavy libraries each
 * page ships (recharts, react-query, Radix, zod): they belong only on pages that use them.
 */
import { gzipSync } from 'node:zlib';

/** A string each library's production build keeps (error messages and display names survive minifying). */
const MARKERS: Record<string, RegExp> = {
  'react-query': /No QueryClient set/,
  recharts: /recharts-surface/,
  'radix-dialog': /DialogContent/,
  'radix-tabs': /TabsList|TabsTrigger/,
  'radix-switch': /SwitchThumb/,
  zod: /ZodError|\$ZodType/,
};

type Bundle = { gzip: number; raw: number; scripts: number; libraries: string[]; each: { src: string; gzip: number; libraries: string[] }[] };

export async function firstLoadJs(base: string, pathname: string, cookie?: string): Promise<Bundle> {
  const res = await fetch(`${base}${pathname}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  if (res.status !== 200) throw new Error(`${pathname}: ${res.status}`);
  const html = await res.text();
  const srcs = new Set<string>();
  // noModule scripts (Next's legacy polyfills) are skipped by every browser that runs modules: not counted.
  for (const m of html.matchAll(/<script\b([^>]*)>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1]!)?.[1];
    if (src && !/\bnoModule\b/i.test(m[1]!)) srcs.add(src);
  }
  for (const m of html.matchAll(/<link\b[^>]*\bas="script"[^>]*\bhref="([^"]+)"|<link\b[^>]*\bhref="([^"]+)"[^>]*\bas="script"/g)) srcs.add((m[1] ?? m[2])!);
  let gzip = 0;
  let raw = 0;
  const libraries = new Set<string>();
  const each: Bundle['each'] = [];
  for (const src of srcs) {
    const body = Buffer.from(await (await fetch(new URL(src.replaceAll('&amp;', '&'), base))).arrayBuffer());
    const size = gzipSync(body, { level: 6 }).length;
    raw += body.length;
    gzip += size;
    const text = body.toString('utf8');
    const found = Object.entries(MARKERS).filter(([, re]) => re.test(text)).map(([name]) => name);
    for (const name of found) libraries.add(name);
    each.push({ src, gzip: size, libraries: found });
  }
  return { gzip, raw, scripts: srcs.size, libraries: [...libraries].sort(), each };
}

export async function benchBundle(base: string, cookie: string) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const pages: [string, string | undefined][] = [
    ['/privacy', undefined],
    ['/sign-in', undefined],
    ['/account', cookie],
    ['/account/profile', cookie],
    ['/account/security', cookie],
    ['/account/communications', cookie],
  ];
  const results = new Map<string, Bundle>();
  console.log('\nfirst-load JS (every script the HTML loads, gzip level 6):');
  for (const [p, c] of pages) {
    const b = await firstLoadJs(base, p, c);
    results.set(p, b);
    console.log(`  ${p.padEnd(26)} ${kb(b.gzip).padStart(9)} gzip   ${kb(b.raw).padStart(9)} raw   ${String(b.scripts).padStart(2)} scripts   ${b.libraries.join(', ') || '(none of the heavy libraries)'}`);
    // BENCH_BUNDLE_SCRIPTS=1: each script too, to see which chunk a library came in with.
    if (process.env.BENCH_BUNDLE_SCRIPTS) for (const e of b.each) console.log(`      ${kb(e.gzip).padStart(9)}  ${e.src}  ${e.libraries.join(', ')}`);
  }
  const ratio = results.get('/account/profile')!.gzip / results.get('/privacy')!.gzip;
  console.log(`ratio /account/profile ÷ /privacy (gzip): ${ratio.toFixed(2)}× (target ≤ 1.3)\n`);
}
