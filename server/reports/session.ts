import 'server-only';
// Moved to server/core/session-actor.ts; kept until every importer is updated.
export { sessionActor } from '../core/session-actor';
