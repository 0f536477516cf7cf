// `npm run serve` and `npm start`'s browser shell: builds the page and the backend only when their
// sources changed (scripts/build.mjs), then runs the compiled backend in this same process (plain node,
// no tsx, no second process). Its flags are serve's own (main/shells/browser/serve.ts).
import { ensureBuilt } from './build.mjs';

await ensureBuilt(['renderer-web', 'serve']);
await import('../out/serve/serve.js');
