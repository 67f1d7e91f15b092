import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditLog, outbox, users } from '@/db/schema';
import { verifySecret } from '@/server/auth/hash';
import { runScript, SERVER_SCRIPT_FLAGS } from './testing/server-script';

/* The real `npm run admin:create` entry point, on this test file's database. */

const adminCreate = (args: string[], input: string) => runScript('scripts/admin-create.ts', args, { input });
const userNamed = async (username: string) => (await getDb().select().from(users).where(eq(users.username, username)))[0];

describe('npm run admin:create', () => {
  it('creates an administrator from a password piped on stdin: hashed by the app, audited, the address to confirm', { timeout: 60_000 }, async () => {
    const password = 'copper whistle under the bridge';
    const r = adminCreate(['--username', 'Ada.Ops', '--email', 'ada.ops@example.test'], `${password}\n`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Administrator "ada.ops" created.');
    expect(r.stdout).not.toContain(password);

    // Usernames are stored normalized, as sign-up stores them.
    const admin = await userNamed('ada.ops');
    expect(admin).toMatchObject({ role: 'admin', status: 'active', email: 'ada.ops@example.test', pinHash: null, emailVerifiedAt: null });
    expect(admin!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifySecret(admin!.passwordHash, password)).toBe(true);
    expect(await verifySecret(admin!.passwordHash, `${password}\n`)).toBe(false);

    const entries = await getDb().select().from(auditLog).where(eq(auditLog.subjectUserId, admin!.id));
    expect(entries).toEqual([expect.objectContaining({ action: 'admin.created', actorUserId: admin!.id, actorRole: 'admin' })]);
    const mail = await getDb().select().from(outbox).where(eq(outbox.userId, admin!.id));
    expect(mail.map((m) => m.recipient)).toEqual(['ada.ops@example.test']);
  });

  it('refuses a password sign-up refuses (too short, common, containing the username) and creates nothing', { timeout: 120_000 }, async () => {
    const cases: [string, RegExp][] = [
      ['short pass', /password: Use at least 12 characters/],
      ['password123456', /password: This password is too common or easy to guess/],
      ['grace.hopper is my password', /password: Your password must not contain your username or email address/],
    ];
    for (const [password, message] of cases) {
      const r = adminCreate(['--username', 'grace.hopper', '--email', 'grace@example.test'], `${password}\n`);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^Not created:/);
      expect(r.stderr).toMatch(message);
      expect(r.stderr + r.stdout).not.toContain(password);
    }
    // Nothing piped at all (CI has no standard input): the empty password is refused too.
    const empty = adminCreate(['--username', 'grace.hopper', '--email', 'grace@example.test'], '');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/password: Enter a password/);
    expect(await userNamed('grace.hopper')).toBeUndefined();
  });

  it('refuses a username that exists with a clear message, leaving that account as it was', { timeout: 60_000 }, async () => {
    const first = adminCreate(['--username', 'ops', '--email', 'ops@example.test'], 'lantern pebble morning tide\n');
    expect(first.status).toBe(0);
    const before = await userNamed('ops');

    const again = adminCreate(['--username', 'OPS', '--email', 'other-ops@example.test'], 'another strong pass phrase\n');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('An account named "ops" already exists. Nothing was changed');
    expect(await userNamed('ops')).toEqual(before);
    expect(await getDb().select().from(users).where(eq(users.email, 'other-ops@example.test'))).toEqual([]);
  });

  it('explains its usage when an option is missing or unknown', { timeout: 60_000 }, () => {
    for (const args of [['--username', 'x'], ['--username', 'x', '--email', 'x@example.test', '--role', 'staff']]) {
      const r = adminCreate(args, 'whatever whatever\n');
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('Usage: npm run admin:create -- --username <name> --email <address>');
    }
  });

  it('on a terminal, asks for the password twice without showing it', { timeout: 60_000 }, async () => {
    // util-linux `script` gives the command a real pseudo-terminal; each answer is typed once its prompt shows.
    const command = [process.execPath, ...SERVER_SCRIPT_FLAGS, 'scripts/admin-create.ts', '--username', 'tty.admin', '--email', 'tty@example.test'].join(' ');
    const secret = 'violet harbour seven ladders';
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: process.env });
    let out = '';
    const answered = new Set<string>();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      for (const prompt of ['Password for the new administrator:', 'The same password again:']) {
        if (out.includes(prompt) && !answered.has(prompt)) {
          answered.add(prompt);
          child.stdin.write(`${secret}\r`);
        }
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(out).toContain('Administrator "tty.admin" created.');
    expect(out).not.toContain(secret);
    expect(answered.size).toBe(2);
    expect(status).toBe(0);
    const admin = await userNamed('tty.admin');
    expect(await verifySecret(admin!.passwordHash, secret)).toBe(true);
  });
});
