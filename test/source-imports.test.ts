import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './load-fixture.js';

const src = resolve(repoRoot, 'src');

/**
 * The layers of src/, lowest first: a file may import its own folder and the folders of lower
 * layers, never a higher layer or another folder of its own layer. (docs/architecture.md.) `api`
 * holds the package's entry points for programs (`parley`, `parley/xstate`), over everything.
 */
const LAYERS: readonly (readonly string[])[] = [['scenario'], ['engine'], ['montecarlo'], ['analysis', 'lint'], ['report'], ['ui'], ['cli'], ['api']];
const layerOf = new Map(LAYERS.flatMap((folders, rank) => folders.map((f) => [f, rank] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import of a file (static, type-only, re-exports and dynamic), resolved to a file of src/. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const base = resolve(dirname(file), spec).replace(/\.js$/, '');
      const target = [`${base}.ts`, `${base}.tsx`].find((f) => existsSync(f));
      if (target === undefined) throw new Error(`${relative(src, file)} imports ${spec}, which is not a source file`);
      return target;
    });
}

const files = sourceFiles(src);
const graph = new Map(files.map((f) => [f, importsOf(f)]));
const folderOf = (file: string) => relative(src, file).split('/')[0]!;
const name = (file: string) => relative(src, file);

/** Import cycles, each as the list of files around it (Tarjan's strongly connected components). */
function importCycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(name(w));
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) cycles.push(component.sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}

describe('imports between the files of src/', () => {
  it('finds the source files and their imports (the check below is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get(resolve(src, 'engine/simulation.ts'))).toContain(resolve(src, 'engine/transition-memo.ts'));
    expect(new Set(files.map(folderOf))).toEqual(new Set(layerOf.keys()));
  });

  it('form no cycle, type-only imports included', () => {
    expect(importCycles()).toEqual([]);
  });

  it('point down the layers: scenario <- engine <- montecarlo <- analysis, lint <- report <- ui <- cli <- api', () => {
    const upward: string[] = [];
    for (const [from, targets] of graph) {
      const a = folderOf(from);
      for (const to of targets) {
        const b = folderOf(to);
        if (a !== b && !(layerOf.get(b)! < layerOf.get(a)!)) upward.push(`${name(from)} -> ${name(to)}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
