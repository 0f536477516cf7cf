// `npm run bench [-- NAME...]`: runs every bench/*.bench.ts (or those whose file name contains NAME).
// Each module's default export is an async function that measures and calls report().
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const filters = process.argv.slice(2);
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((n) => f.includes(n)))
  .sort();

let failed = 0;
for (const f of files) {
  const mod = (await import(pathToFileURL(join(import.meta.dirname, f)).href)) as {
    default: () => Promise<void>;
  };
  try {
    await mod.default();
  } catch (err) {
    failed++;
    console.error(`bench ${f}: failed: ${(err as Error).stack ?? err}`);
  }
}
process.exit(failed ? 1 : 0);
