/**
 * patches/hyperformula+3.5.0.patch (applied by `patch-package` on postinstall) replaces the
 * `Array.includes` / `indexOf` scans in HyperFormula's `Graph` with a per-node index of edges.
 * These tests check that the installed HyperFormula carries the patch in both builds, and that
 * dependency tracking behaves as before: edges are added once, removed once, and dependents
 * recalculate. Timing is measured in bench/fanout.js, never asserted here.
 * See docs/upstream/hyperformula-graph-addedge.md.
 */
import * as fs from 'fs';
import * as path from 'path';
import { HyperFormula } from 'hyperformula';

const hfRoot = path.dirname(path.dirname(require.resolve('hyperformula')));
const BUILDS = ['commonjs/DependencyGraph/Graph.js', 'es/DependencyGraph/Graph.mjs'];

interface GraphLike {
  addNodeIfNotExists(n: object): number;
  addEdge(from: object | number, to: object | number): void;
  existsEdge(from: object, to: object): boolean;
  removeEdge(from: object, to: object): void;
  removeEdgeIfExists(from: object, to: object): void;
  removeNode(n: object): unknown;
  adjacentNodes(n: object): Set<object>;
  adjacentNodesCount(n: object): number;
  topSortWithScc(): { sorted: object[]; cycled: object[] };
}
// The commonjs build by absolute path: the package's `exports` map hides its internals.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Graph } = require(path.join(hfRoot, BUILDS[0])) as { Graph: new (q: (n: object) => unknown[]) => GraphLike };

const newHf = (data: (number | string | null)[][]) => HyperFormula.buildFromArray(data, { licenseKey: 'gpl-v3' });
const A = (ref: string) => {
  const col = ref.charCodeAt(0) - 65;
  return { sheet: 0, col, row: Number(ref.slice(1)) - 1 };
};

describe('the installed HyperFormula carries the Graph patch', () => {
  it.each(BUILDS)('%s indexes edges instead of scanning them', (file) => {
    const src = fs.readFileSync(path.join(hfRoot, file), 'utf8');
    expect(src).toContain('this.edgeIndexSparseArray = [];');
    expect(src).toContain('edgeIndex.has(toId)');
    expect(src).not.toContain('this.edgesSparseArray[fromId].includes(toId)');
    expect(src).not.toContain('this.edgesSparseArray[fromId].indexOf(toId)');
  });
});

describe('Graph edges with the patch', () => {
  const node = () => ({}) as { idInGraph?: number };
  const dependencyQuery = () => [];

  it('adds an edge once, however often it is added', () => {
    const g = new Graph(dependencyQuery);
    const [a, b] = [node(), node()];
    g.addNodeIfNotExists(a);
    g.addNodeIfNotExists(b);
    g.addEdge(a, b);
    g.addEdge(a, b);
    g.addEdge(a.idInGraph!, b.idInGraph!);
    expect(g.existsEdge(a, b)).toBe(true);
    expect(g.existsEdge(b, a)).toBe(false);
    expect(g.adjacentNodesCount(a)).toBe(1);
  });

  it('removes an edge, can add it again, and refuses to remove a missing one', () => {
    const g = new Graph(dependencyQuery);
    const [a, b, c] = [node(), node(), node()];
    [a, b, c].forEach((n) => g.addNodeIfNotExists(n));
    g.addEdge(a, b);
    g.addEdge(a, c);
    g.removeEdge(a, b);
    expect(g.existsEdge(a, b)).toBe(false);
    expect(g.existsEdge(a, c)).toBe(true);
    expect([...g.adjacentNodes(a)]).toEqual([c]);
    expect(() => g.removeEdge(a, b)).toThrow('Edge does not exist');
    expect(() => g.removeEdgeIfExists(a, b)).not.toThrow();
    g.addEdge(a, b);
    expect(g.existsEdge(a, b)).toBe(true);
    expect([...g.adjacentNodes(a)]).toEqual([c, b]);
  });

  it('keeps edges to removed nodes out after compaction, and the remaining ones removable', () => {
    const g = new Graph(dependencyQuery);
    const [a, b, c, d] = [node(), node(), node(), node()];
    [a, b, c, d].forEach((n) => g.addNodeIfNotExists(n));
    g.addEdge(a, b);
    g.addEdge(a, c);
    g.addEdge(a, d);
    g.removeNode(b);
    expect(g.adjacentNodesCount(a)).toBe(2); // compacts a's edges
    g.removeEdge(a, d);
    expect([...g.adjacentNodes(a)]).toEqual([c]);
    expect(g.existsEdge(a, c)).toBe(true);
    expect(g.existsEdge(a, d)).toBe(false);
  });

  it('sorts topologically as before', () => {
    const g = new Graph(dependencyQuery);
    const [a, b, c] = [node(), node(), node()];
    [c, b, a].forEach((n) => g.addNodeIfNotExists(n));
    g.addEdge(a, b);
    g.addEdge(b, c);
    g.addEdge(a, c);
    expect(g.topSortWithScc().sorted).toEqual([a, b, c]);
  });
});

describe('HyperFormula dependencies with the patch', () => {
  it('recalculates a dependent cell after its input changes', () => {
    const hf = newHf([[1, '=A1*2', '=A1+A1+B1']]);
    hf.setCellContents(A('A1'), [[5]]);
    expect(hf.getCellValue(A('B1'))).toBe(10);
    expect(hf.getCellValue(A('C1'))).toBe(20);
    hf.destroy();
  });

  it('stops recalculating a cell once its dependency is removed', () => {
    const hf = newHf([[1, '=A1*2']]);
    hf.setCellContents(A('B1'), [['=7']]);
    hf.setCellContents(A('A1'), [[5]]);
    expect(hf.getCellValue(A('B1'))).toBe(7);
    expect(hf.getCellDependents(A('A1'))).toEqual([]);
    hf.destroy();
  });

  it('tracks many cells reading one shared cell and range, through edits and row deletion', () => {
    const n = 2000;
    const rows: (number | string | null)[][] = Array.from({ length: n }, (_, i) => [i, `=A${i + 1}*$D$1+SUM($D$1:$E$1)`]);
    rows[0].push(null, 2, 3);
    const hf = newHf(rows);
    expect(hf.getCellValue(A(`B${n}`))).toBe((n - 1) * 2 + 5);
    hf.setCellContents(A('D1'), [[10]]);
    expect(hf.getCellValue(A(`B${n}`))).toBe((n - 1) * 10 + 13);
    hf.setCellContents(A('B5'), [['=1']]); // one dependent fewer
    expect(hf.getCellDependents(A('D1'))).toHaveLength(n); // the range D1:E1 and n − 1 formulas
    hf.removeRows(0, [10, 100]);
    hf.setCellContents(A('D1'), [[1]]);
    expect(hf.getCellValue(A(`B${n - 100}`))).toBe((n - 1) * 1 + 4);
    expect(hf.getCellDependents(A('D1'))).toHaveLength(n - 100);
    hf.destroy();
  });
});
