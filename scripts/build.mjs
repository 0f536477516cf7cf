// Builds what is out of date, and only that: each target has its sources, and a stamp in out/ (a hash of
// their paths, sizes and mtimes, with package-lock.json and this file) says what its output was built
// from. A start with nothing changed costs a few milliseconds of stat() instead of a build.
//   node scripts/build.mjs [web|serve|cli|electron|all] [--force]
//   import { ensureBuilt } from './build.mjs'; await ensureBuilt(['renderer-web', 'serve'])
// Targets: renderer-web (vite, out/renderer-web, the browser shell's page), serve (the browser shell's
// backend bundled into one ES module, out/serve/serve.js, run with plain node), cli (`npm run kvmdesk`,
// out/cli/kvmdesk.js, bundled the same way), electron (electron-vite:
// out/main, out/preload, out/renderer).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = relative(ROOT, fileURLToPath(import.meta.url));
const COMMON = ['package-lock.json', SELF];

export const TARGETS = {
  'renderer-web': {
    inputs: ['renderer', 'preload', 'assets', 'vite.renderer.config.ts', ...COMMON],
    output: 'out/renderer-web/index.html',
    build: buildRendererWeb,
  },
  serve: {
    inputs: ['main', 'preload', ...COMMON],
    output: 'out/serve/serve.js',
    build: buildServe,
  },
  cli: {
    inputs: ['main', 'preload', ...COMMON],
    output: 'out/cli/kvmdesk.js',
    build: () => bundleNode('main/shells/cli/kvmdesk.ts', 'out/cli/kvmdesk.js'),
  },
  electron: {
    inputs: ['main', 'preload', 'renderer', 'assets', 'electron.vite.config.ts', ...COMMON],
    output: 'out/main/index.js',
    build: buildElectron,
  },
};

function walk(rel, into) {
  const abs = join(ROOT, rel);
  let st;
  try {
    st = statSync(abs);
  } catch {
    into.push(`${rel}\0missing`);
    return;
  }
  if (st.isDirectory()) {
    for (const name of readdirSync(abs).sort()) walk(join(rel, name), into);
  } else {
    into.push(`${rel}\0${st.size}\0${st.mtimeMs}`);
  }
}

/** the hash of a target's sources as they are now */
export function sourceStamp(name) {
  const lines = [];
  for (const input of TARGETS[name].inputs) walk(input, lines);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

const stampFile = (name) => join(ROOT, 'out', `.stamp-${name}`);

/** true when the target's output exists and was built from the sources as they are now */
export function isFresh(name) {
  if (!existsSync(join(ROOT, TARGETS[name].output))) return false;
  try {
    return readFileSync(stampFile(name), 'utf8').trim() === sourceStamp(name);
  } catch {
    return false;
  }
}

/** builds each target whose sources changed since its last build (or all of them with force) */
export async function ensureBuilt(names, { force = false, log = console.error } = {}) {
  for (const name of names) {
    if (!force && isFresh(name)) continue;
    const stamp = sourceStamp(name); // taken before: an edit during the build makes the next start rebuild
    const t0 = performance.now();
    log(`KVM Desk: building ${name}…`);
    await TARGETS[name].build();
    mkdirSync(join(ROOT, 'out'), { recursive: true });
    writeFileSync(stampFile(name), `${stamp}\n`);
    log(`KVM Desk: built ${name} in ${Math.round(performance.now() - t0)} ms`);
  }
}

async function buildRendererWeb() {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.renderer.config.ts'), logLevel: 'warn' });
}

// One file with its dependencies inside: node then reads and compiles one module instead of resolving
// and loading ~150 (zod, ws, xmldom, saxes), about 100 ms less at every start. ws's optional native
// add-ons stay out (ws falls back to JavaScript without them).
function buildServe() {
  return bundleNode('main/shells/browser/serve.ts', 'out/serve/serve.js');
}

/** the browser shell's backend and the command line (`npm run kvmdesk`) are bundled alike */
async function bundleNode(entry, outfile) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['bufferutil', 'utf-8-validate'],
    // CommonJS dependencies (ws) call require(): give the ES module one
    banner: {
      js: "import { createRequire as __kdRequire } from 'node:module';\nconst require = __kdRequire(import.meta.url);",
    },
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

function buildElectron() {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`electron-vite build failed (${r.status ?? r.signal})`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const which = args.find((a) => !a.startsWith('--')) ?? 'web';
  const names = {
    web: ['renderer-web', 'serve'],
    serve: ['serve'],
    cli: ['cli'],
    electron: ['electron'],
    all: Object.keys(TARGETS),
  }[which];
  if (!names) {
    console.error(`usage: node scripts/build.mjs [web|serve|cli|electron|all] [--force]`);
    process.exit(2);
  }
  await ensureBuilt(names, { force: args.includes('--force') });
}
