// The house's one-way arrows (docs/ARCHITECTURE.md), checked on every import of every source file:
// TypeScript's own pre-processor lists the imports (static, type-only and dynamic alike).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

interface Import {
  file: string;
  /** a repository path for a relative import, else the bare module name */
  target: string;
}

function importsOf(dir: string): Import[] {
  return sources(dir).flatMap((file) =>
    ts
      .preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true)
      .importedFiles.map(({ fileName }) => ({
        file,
        target: fileName.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), fileName)) : fileName,
      })),
  );
}

const under = (prefix: string) => (i: Import) => i.target === prefix || i.target.startsWith(`${prefix}/`);
const show = (list: Import[]) => list.map((i) => `${i.file} -> ${i.target}`);

describe('the architecture', () => {
  const main = importsOf('main');

  it('main/ never imports renderer/, and renderer/ never imports main/', () => {
    expect(show(main.filter(under('renderer')))).toEqual([]);
    expect(show(importsOf('renderer').filter(under('main')))).toEqual([]);
  });

  it('model/ is pure: no files, sockets or processes, and nothing of the app', () => {
    const io = /^(node:)?(fs|fs\/promises|net|child_process)$/;
    const model = main.filter((i) => i.file.startsWith('main/model/'));
    expect(show(model.filter((i) => io.test(i.target)))).toEqual([]);
    expect(
      show(model.filter((i) => ['main/services', 'main/api', 'main/shells'].some((p) => under(p)(i)))),
    ).toEqual([]);
  });

  it('libvirt/ knows nothing of the app, electron or react', () => {
    const lib = main.filter((i) => i.file.startsWith('main/libvirt/'));
    const app = ['main/model', 'main/services', 'main/api', 'main/shells'];
    expect(
      show(lib.filter((i) => app.some((p) => under(p)(i)) || /^(electron|react)$/.test(i.target))),
    ).toEqual([]);
  });

  it('a shell reaches services only through the api (the event bus aside; boot.ts builds them)', () => {
    const shells = main.filter((i) => i.file.startsWith('main/shells/') && i.file !== 'main/shells/boot.ts');
    const services = shells.filter(under('main/services')).filter((i) => i.target !== 'main/services/events');
    expect(show(services)).toEqual([]);
  });

  it('services and the api never import a shell or electron', () => {
    const lower = main.filter((i) => /^main\/(services|api)\//.test(i.file));
    expect(show(lower.filter((i) => under('main/shells')(i) || i.target === 'electron'))).toEqual([]);
  });

  it('finds the imports it checks (the check itself works)', () => {
    expect(main.some((i) => i.file === 'main/shells/boot.ts' && i.target === 'main/services/events')).toBe(
      true,
    );
    expect(main.some((i) => i.file.startsWith('main/model/') && i.target === 'saxes')).toBe(true);
  });
});
