/**
 * Renders one email in a plain Node process and prints it as JSON, so a test
 * can prove templates render outside Next.js the way db:seed and
 * `npm run worker` run (server/mail/layout.test.ts).
 */
import { templates } from '@/server/mail/templates';

process.stdout.write(JSON.stringify(await templates.passwordReset('tok_plain_node', 30)));
