// `node --import ./scripts/register-server-conditions.mjs`: the react-server condition for `server-only` alone (see server-conditions.mjs).
import { register } from 'node:module';

register('./server-conditions.mjs', import.meta.url);
