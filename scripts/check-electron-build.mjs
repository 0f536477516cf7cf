#!/usr/bin/env node
// `npm test`'s Electron step (no Electron binary here, so nothing can launch it): builds the app with
// electron-vite and checks what a launch would need, then runs electronegativity over the sources.
//  - main is an ES module (package.json "type": "module") importing electron;
//  - the preload is ONE CommonJS file that requires nothing but electron (sandboxed preloads can load
//    neither ES modules nor node_modules);
//  - the renderer's index.html and every file it links are there;
//  - every file main/ finds relative to itself at run time (paths.ts: the preload and the renderer;
//    assets.ts: the icons electron-vite copies) exists where main looks for it.
// Electronegativity scans the TypeScript sources, not out/: the bundle drops the eng-disable comments
// that justify a finding, and the findings then point at our own lines.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// KVMDESK_OUT=<dir>: check a build already made there instead of building
const out = resolve(root, process.env.KVMDESK_OUT ?? 'out');
const bin = (name) => join(root, 'node_modules/.bin', name);
const problems = [];
const check = (ok, what) => {
  if (!ok) problems.push(what);
};

if (!process.env.KVMDESK_OUT) execFileSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });

// main: ESM, and where package.json says it is
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const mainFile = join(out, 'main/index.js');
check(resolve(root, pkg.main) === mainFile, `package.json "main" is ${pkg.main}, not out/main/index.js`);
check(
  pkg.type === 'module',
  'package.json has no "type": "module": out/main/index.js would load as CommonJS',
);
const main = existsSync(mainFile) ? readFileSync(mainFile, 'utf8') : '';
check(main !== '', 'out/main/index.js is missing');
check(
  /^import .* from "electron";$/m.test(main),
  'out/main/index.js does not import electron as an ES module',
);
check(!/\brequire\(/.test(main), 'out/main/index.js calls require(): it should be an ES module');

// preload: one CommonJS file, electron its only require
const preloadDir = join(out, 'preload');
const preloads = existsSync(preloadDir) ? readdirSync(preloadDir).filter((f) => !f.endsWith('.map')) : [];
check(
  preloads.length === 1 && preloads[0] === 'index.cjs',
  `out/preload holds ${preloads.join(', ') || 'nothing'}, not index.cjs alone`,
);
const preload = preloads.includes('index.cjs') ? readFileSync(join(preloadDir, 'index.cjs'), 'utf8') : '';
const required = [...preload.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
check(
  required.length > 0 && required.every((r) => r === 'electron'),
  `the preload requires ${required.join(', ') || 'nothing'}; only electron may be required`,
);
check(
  !/^\s*(import|export)\s/m.test(preload),
  'the preload has import/export statements: it must be CommonJS',
);

// renderer: index.html and what it links
const html = join(out, 'renderer/index.html');
const page = existsSync(html) ? readFileSync(html, 'utf8') : '';
check(page !== '', 'out/renderer/index.html is missing');
const linked = [...page.matchAll(/\b(?:src|href)="([^"]+)"/g)]
  .map((m) => m[1])
  .filter((u) => !/^[a-z]+:/i.test(u));
check(
  linked.some((u) => u.endsWith('.js')),
  'out/renderer/index.html links no script',
);
for (const u of linked)
  check(existsSync(join(out, 'renderer', u)), `out/renderer/index.html links ${u}, which is missing`);

// what main finds next to itself: join(<dir>, "./x" | "../x") in the bundle (paths.ts, assets.ts)
const relative = [...main.matchAll(/\bjoin(?:\$\d+)?\(\s*[\w.$]+\s*,\s*"(\.\.?\/[^"]+)"\s*\)/g)].map(
  (m) => m[1],
);
for (const rel of relative)
  check(existsSync(join(out, 'main', rel)), `main looks for ${rel} next to out/main/index.js; it is missing`);
check(
  relative.includes('../preload/index.cjs'),
  'main does not look for ../preload/index.cjs (paths.ts changed?)',
);
check(relative.includes('../renderer'), 'main does not look for ../renderer (paths.ts changed?)');
const pngs = relative.filter((r) => r.endsWith('.png')).map((r) => r.replace(/^.*\//, ''));
for (const icon of ['icon-', 'tray-', 'tray@2x-'])
  check(
    pngs.some((p) => p.startsWith(icon)),
    `main references no ${icon}*.png (assets.ts)`,
  );

// electronegativity over a copy of the sources (its directory scan has no exclude list), through its
// API: the CLI's report files leave out each finding's severity
const scan = mkdtempSync(join(tmpdir(), 'kvmdesk-eng-'));
let findings = [];
try {
  for (const dir of ['main', 'preload', 'renderer', 'package.json'])
    cpSync(join(root, dir), join(scan, dir), { recursive: true });
  const electron = createRequire(import.meta.url)(join(root, 'node_modules/electron/package.json')).version;
  const electronegativity = createRequire(import.meta.url)('@doyensec/electronegativity');
  process.env.LANG = 'en-US'; // its messages; it looks for newer translations online first, in vain here
  const result = await electronegativity({
    input: scan,
    isRelative: true,
    electronVersionOverride: electron,
    // asks the internet for Electron releases: npm's job, and offline here
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    severitySet: 'informational',
  });
  findings = result.issues.map((i) => `${i.id} (${i.severity.name}) at ${i.file}:${i.location.line}`);
  for (const i of result.issues.filter((i) => i.severity.value > 1))
    problems.push(
      `electronegativity ${i.id} (${i.severity.name}) at ${i.file}:${i.location.line}: ${i.description}`,
    );
} finally {
  rmSync(scan, { recursive: true, force: true });
}

if (problems.length) {
  console.error(`\nThe Electron build is not ready to start:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(
  `Electron build checked: main (ESM), preload (CJS, requires electron only), renderer (${linked.length} linked files), ${relative.length} runtime paths; electronegativity: nothing above LOW (${findings.join(', ') || 'no findings'}).`,
);
