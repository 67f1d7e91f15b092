/**
 * The built app served once more, beside the e2e server, with this process's
 * environment: a test starts it to see how another configuration answers (an
 * https APP_URL). No build and no database set-up: it reuses the e2e server's
 * build and database. Listens on a free port on 127.0.0.1 and prints
 * `listening on <port>`; SIGTERM stops it.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '../serve';

const server = await serve({ port: 0, hostname: '127.0.0.1' });
console.log(`listening on ${(server.server.address() as AddressInfo).port}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
