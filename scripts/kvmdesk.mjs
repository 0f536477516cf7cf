// `npm run kvmdesk -- --list`: the browser shell's command line (main/shells/cli/kvmdesk.ts), built only
// when its sources changed (scripts/build.mjs) and run by plain node in this same process.
import { ensureBuilt } from './build.mjs';

await ensureBuilt(['cli']);
await import('../out/cli/kvmdesk.js');
