// The event log: the session's last 1,000 entries, newest first (services/event-log.ts keeps them).
import { handlers } from './registry';
import { noArgs } from './schemas';

export const eventLogHandlers = handlers({
  'eventLog.list': {
    input: noArgs,
    run: (_args, ctx) => ctx.eventLog.list(),
  },
});
