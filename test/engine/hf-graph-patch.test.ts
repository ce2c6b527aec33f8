/**
 * patches/hyperformula+3.5.0.patch (applied by `patch-package` on postinstall) replaces the
 * `Array.includes` / `indexOf` scans in HyperFormula's `Graph` with a per-node index of edges,
 * keeps the topological sort's per-node state in typed arrays, and lets a recalculation be
 * limited to the cells some reads need (Evaluator.demand); the edge index is kept only for nodes with
 * many edges, and cells whose formulas parse to the same cached ast share it (ParserWithCaching).
 * These tests check that the installed
 * HyperFormula carries the patch in both builds, and that dependency tracking behaves as before:
 * edges are added once, removed once, dependents recalculate, sorts reach and order what they
 * should. Timing is measured in bench/fanout.js and bench/whatif.js, never asserted here.
 * See docs/upstream/hyperformula-graph-addedge.md, hyperformula-topsort.md, hyperformula-demand.md.
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
    expect(src).toContain('const EDGE_INDEX_AT = 16;');
    // The only scans left are of nodes below the threshold (edgeIndexOf, addEdge's no-index branch).
    expect(src).not.toContain('this.edgesSparseArray[fromId].includes(toId)');
    expect(src.match(/\.indexOf\(toId\)/g)).toHaveLength(1);
    expect(src).toContain('if (edgeIndex === undefined) {\n      return this.edgesSparseArray[fromId].indexOf(toId);');
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

describe('Graph edges past the index threshold (EDGE_INDEX_AT = 16)', () => {
  const node = () => ({}) as { idInGraph?: number };
  const index = (g: GraphLike, n: { idInGraph?: number }) =>
    (g as unknown as { edgeIndexSparseArray: (Map<number, number> | undefined)[] }).edgeIndexSparseArray[n.idInGraph!];

  it('indexes a node only once it has many edges, and finds, removes and re-adds edges on both sides of that', () => {
    const g = new Graph(() => []);
    const hub = node();
    const leaves = Array.from({ length: 40 }, node);
    [hub, ...leaves].forEach((n) => g.addNodeIfNotExists(n));
    leaves.slice(0, 15).forEach((l) => g.addEdge(hub, l));
    expect(index(g, hub)).toBeUndefined();
    g.addEdge(hub, leaves[3]); // a duplicate below the threshold
    expect(g.adjacentNodesCount(hub)).toBe(15);
    leaves.slice(15).forEach((l) => g.addEdge(hub, l));
    expect(index(g, hub)?.size).toBe(40);
    g.addEdge(hub, leaves[30]); // a duplicate above it
    expect(g.adjacentNodesCount(hub)).toBe(40);
    // every edge found through the index, each at its true position
    const edges = (g as unknown as { edgesSparseArray: number[][] }).edgesSparseArray[hub.idInGraph!];
    leaves.forEach((l) => {
      expect(g.existsEdge(hub, l)).toBe(true);
      expect(edges[index(g, hub)!.get(l.idInGraph!)!]).toBe(l.idInGraph);
    });
    g.removeEdge(hub, leaves[7]);
    g.removeEdgeIfExists(hub, leaves[8]);
    expect(g.existsEdge(hub, leaves[7])).toBe(false);
    expect(() => g.removeEdge(hub, leaves[7])).toThrow('Edge does not exist');
    g.addEdge(hub, leaves[7]);
    expect(g.existsEdge(hub, leaves[7])).toBe(true);
    expect(new Set(g.adjacentNodes(hub))).toEqual(new Set(leaves.filter((l) => l !== leaves[8])));
    // a node's first edge, and a leaf with two: both found without an index
    g.addEdge(leaves[0], leaves[1]);
    g.addEdge(leaves[0], leaves[2]);
    g.addEdge(leaves[0], leaves[1]);
    expect(index(g, leaves[0])).toBeUndefined();
    expect([...g.adjacentNodes(leaves[0])]).toEqual([leaves[1], leaves[2]]);
  });

  it('drops the index when compaction leaves a node with few edges, and rebuilds it when many remain', () => {
    const g = new Graph(() => []);
    const [small, big] = [node(), node()];
    const leaves = Array.from({ length: 30 }, node);
    [small, big, ...leaves].forEach((n) => g.addNodeIfNotExists(n));
    leaves.forEach((l) => {
      g.addEdge(small, l);
      g.addEdge(big, l);
    });
    leaves.slice(0, 20).forEach((l) => g.removeNode(l));
    expect(g.adjacentNodesCount(small)).toBe(10); // compacts
    expect(index(g, small)).toBeUndefined();
    expect(g.existsEdge(small, leaves[25])).toBe(true);
    g.removeEdge(small, leaves[25]);
    expect(g.adjacentNodesCount(small)).toBe(9);
    const more = Array.from({ length: 10 }, node);
    more.forEach((n) => g.addNodeIfNotExists(n));
    more.forEach((n) => g.addEdge(big, n));
    leaves.slice(20, 22).forEach((l) => g.removeNode(l));
    expect(g.adjacentNodesCount(big)).toBe(18);
    expect(index(g, big)?.size).toBe(18);
    expect(g.existsEdge(big, more[9])).toBe(true);
    expect(g.existsEdge(big, leaves[21])).toBe(false);
  });
});

describe('the installed HyperFormula carries the parser patch (shared asts)', () => {
  it.each(['commonjs/parser/ParserWithCaching.js', 'es/parser/ParserWithCaching.mjs'])(
    '%s returns a cached ast itself when no range in it is reversed',
    (file) => {
      const src = fs.readFileSync(path.join(hfRoot, file), 'utf8');
      expect(src).toContain('if (this.cellRangeEndsOrdered(start, end)) {');
      expect(src).toContain('return leftFixed === ast.left && rightFixed === ast.right ? ast :');
    }
  );

  type Internals = { dependencyGraph: { addressMapping: { getCell(a: object): { formula?: object } } } };
  const astAt = (hf: HyperFormula, ref: string) =>
    (hf as unknown as Internals).dependencyGraph.addressMapping.getCell(A(ref)).formula;

  it('lets cells with the same formula relative to themselves share one ast, but not a reversed range', () => {
    const rows: (number | string)[][] = [1, 2, 3, 4].map((r) => [
      r,
      r * 10,
      `=SUM(A${r}:B${r})*$A$1`,
      `=-MAX($A$1:A${r})`,
      `=SUM(A$2:B${r})`,
    ]);
    const hf = newHf(rows);
    expect(astAt(hf, 'C1')).toBe(astAt(hf, 'C4'));
    expect(astAt(hf, 'D2')).toBe(astAt(hf, 'D3'));
    expect(astAt(hf, 'E2')).toBe(astAt(hf, 'E4'));
    // E1's range A$2:B1 runs upwards: its ast has the ends swapped, so it is its own.
    expect(astAt(hf, 'E1')).not.toBe(astAt(hf, 'E2'));
    // Values from the arithmetic: SUM(Ar:Br) = 11r times A1 = 1; −MAX(A1..Ar) = −r; rows 2..r (or 1..2) of A and B.
    expect([1, 2, 3, 4].map((r) => hf.getCellValue(A(`C${r}`)))).toEqual([11, 22, 33, 44]);
    expect([1, 2, 3, 4].map((r) => hf.getCellValue(A(`D${r}`)))).toEqual([-1, -2, -3, -4]);
    expect([1, 2, 3, 4].map((r) => hf.getCellValue(A(`E${r}`)))).toEqual([33, 22, 55, 99]);
    hf.destroy();
  });

  it('gives the values a fresh build gives after rows and columns move under shared asts', () => {
    const n = 30;
    const gone = new Set([17, 18]); // the rows removed below, as numbered before any move
    /** Rows of volumes and formulas from column `col` (0: A), for the original rows in `from`. */
    const sheet = (col: number, from: number[]) =>
      from.map((i, k) => [
        ...Array<null>(col).fill(null),
        i + 1,
        (i + 1) * 2,
        `=SUM(${'ABCDEFG'[col]}${k + 1}:${'ABCDEFG'[col + 1]}${k + 1})*$${'ABCDEFG'[col]}$1`,
      ]);
    const all = Array.from({ length: n }, (_, i) => i);
    const hf = newHf(sheet(0, all));
    hf.addColumns(0, [0, 2]); // A:B move to C:D, the formulas to E
    hf.addRows(0, [10, 3]); // rows 11-30 move down to 14-33
    hf.removeRows(0, [20, 2]); // rows 21-22 now: the original rows 18-19
    hf.setCellContents({ sheet: 0, row: 0, col: 2 }, [[5]]);
    // A fresh build over the same cells, without the removed rows and the empty ones.
    const kept = sheet(
      2,
      all.filter((i) => !gone.has(i))
    );
    kept[0][2] = 5;
    const fresh = newHf(kept);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (gone.has(i)) continue;
      let at = i < 10 ? i : i + 3;
      if (at >= 22) at -= 2;
      expect(hf.getCellValue({ sheet: 0, row: at, col: 4 })).toBe(fresh.getCellValue({ sheet: 0, row: k, col: 4 }));
      expect(fresh.getCellValue({ sheet: 0, row: k, col: 4 })).toBe(((i === 0 ? 5 : i + 1) + (i + 1) * 2) * 5); // (C + D) × C1
      k++;
    }
    hf.destroy();
    fresh.destroy();
  });
});

describe('the installed HyperFormula carries the TopSort patch', () => {
  it.each([
    ['commonjs/DependencyGraph/TopSort.js', 'commonjs/DependencyGraph/Graph.js'],
    ['es/DependencyGraph/TopSort.mjs', 'es/DependencyGraph/Graph.mjs'],
  ])('%s keeps its per-node state in typed arrays reused by every run', (topSort, graph) => {
    const src = fs.readFileSync(path.join(hfRoot, topSort), 'utf8');
    expect(src).toContain('class TopSortScratch');
    expect(src).not.toContain('this.entranceTime = [];');
    expect(fs.readFileSync(path.join(hfRoot, graph), 'utf8')).toContain('this.edgesSparseArray, this.topSortScratch)');
  });
});

describe('the installed HyperFormula carries the array-space and sort patches (no per-cell allocations)', () => {
  it.each(['commonjs/DependencyGraph/DependencyGraph.js', 'es/DependencyGraph/DependencyGraph.mjs'])(
    '%s walks an array range with one probe address',
    (file) => {
      const src = fs.readFileSync(path.join(hfRoot, file), 'utf8');
      expect(src.match(/this\.addressMapping\.getCell\(probe\)/g)).toHaveLength(1);
      expect(src.match(/this\.addressMapping\.setCell\(probe, vertex\)/g)).toHaveLength(1);
    }
  );
  it.each(['commonjs/DependencyGraph/TopSort.js', 'es/DependencyGraph/TopSort.mjs'])(
    '%s walks edges in place and keeps single-node components out of arrays',
    (file) => {
      const src = fs.readFileSync(path.join(hfRoot, file), 'utf8');
      expect(src).not.toContain('const adjacent = this.getAdjacentNodeIds(u);');
      expect(src).toContain('markAdjacentForUpdate(t) {');
      expect(src).toContain('if (SCCstack[SCCstack.length - 1] === u) {');
    }
  );

  it('spills into free cells, follows its source, and reports a spill a value is put into', () => {
    const hf = newHf([[null, '=TRANSPOSE(C1:E1)', 1, 2, 3]]);
    const column = () =>
      [0, 1, 2].map((row) => {
        const v = hf.getCellValue({ sheet: 0, row, col: 1 });
        return typeof v === 'object' && v !== null ? (v as { type: string }).type : v;
      });
    expect(column()).toEqual([1, 2, 3]);
    hf.setCellContents(A('D1'), [[20]]);
    expect(column()).toEqual([1, 20, 3]);
    hf.setCellContents(A('B2'), [['x']]); // inside the spill: it has no room any more
    expect(column()).toEqual(['SPILL', 'x', null]);
    hf.destroy();
    // With no room from the start, the same.
    const blocked = newHf([[null, '=TRANSPOSE(C1:E1)', 1, 2, 3], [], [null, 'x']]);
    expect(blocked.getCellValue(A('B1'))).toMatchObject({ type: 'SPILL' });
    blocked.destroy();
  });
});

describe('the installed HyperFormula carries the Evaluator patch (demand-limited recalculation)', () => {
  it.each(['commonjs/Evaluator.js', 'es/Evaluator.mjs'])('%s leaves vertices outside `demand` dirty', (file) => {
    const src = fs.readFileSync(path.join(hfRoot, file), 'utf8');
    expect(src).toContain('this.demand = undefined;');
    expect(src).toContain('if (demand !== undefined && !demand(vertex)) {');
    expect(src).toContain('this.dependencyGraph.graph.markNodeAsDirty(vertex);');
  });

  it('recalculates only the demanded cells, and the rest with the next recalculation', () => {
    const hf = newHf([[1, '=A1*2', '=A1*3', '=B1+C1']]);
    const internals = hf as unknown as {
      evaluator: { demand?: (v: object) => boolean };
      dependencyGraph: { addressMapping: { getCell(a: object): object } };
    };
    // B1 and what it depends on (the demand is closed under dependencies)
    const demanded = new Set(['A1', 'B1'].map((a) => internals.dependencyGraph.addressMapping.getCell(A(a))));
    internals.evaluator.demand = (v) => demanded.has(v);
    hf.setCellContents(A('A1'), [[5]]);
    internals.evaluator.demand = undefined;
    expect(hf.getCellValue(A('B1'))).toBe(10);
    expect(hf.getCellValue(A('C1'))).toBe(3); // left for later
    expect(hf.getCellValue(A('D1'))).toBe(5);
    hf.batch(() => undefined); // any recalculation without a demand catches up
    expect([hf.getCellValue(A('C1')), hf.getCellValue(A('D1'))]).toEqual([15, 25]);
    hf.destroy();
  });
});

describe('the installed HyperFormula carries the change-list patch (number keys, merge into empty)', () => {
  it.each([
    ['commonjs/ContentChanges.js', 'commonjs/DependencyGraph/ArrayMapping.js'],
    ['es/ContentChanges.mjs', 'es/DependencyGraph/ArrayMapping.mjs'],
  ])('%s keys changes by number and %s skips the key when there is no array', (changes, arrays) => {
    const src = fs.readFileSync(path.join(hfRoot, changes), 'utf8');
    expect(src).toContain('const changeKey = address =>');
    expect(src).toContain('this.changes.set(changeKey(address), change);');
    expect(src).toContain('if (this.changes.size === 0) {');
    // The es build still exports the class (the key helper is not exported in its place).
    if (changes.endsWith('.mjs')) expect(src).toMatch(/^export class ContentChanges \{$/m);
    expect(fs.readFileSync(path.join(hfRoot, arrays), 'utf8')).toContain(
      'if (this.arrayMapping.size === 0) return undefined;'
    );
  });

  type Change = { address: { sheet: number; row: number; col: number }; newValue: unknown };
  const listed = (changes: unknown[]) =>
    (changes as Change[])
      .map(
        (c) => `${c.address.sheet}!${String.fromCharCode(65 + c.address.col)}${c.address.row + 1}=${String(c.newValue)}`
      )
      .sort();

  it('lists each changed cell once with its last value, on every sheet, in a batch and beside a spill', () => {
    const hf = HyperFormula.buildFromSheets(
      {
        S1: [[1, '=A1*2', '=B1+1', null, '=TRANSPOSE(A1:C1)']],
        S2: [['=S1!A1*10', 5]],
      },
      { licenseKey: 'gpl-v3' }
    );
    // A1 = 2: B1 = 4, C1 = 5, the spill E1:E3 = 2, 4, 5, and S2!A1 = 20.
    expect(listed(hf.setCellContents({ sheet: 0, row: 0, col: 0 }, [[2]]))).toEqual(
      ['0!A1=2', '0!B1=4', '0!C1=5', '0!E1=2', '0!E2=4', '0!E3=5', '1!A1=20'].sort()
    );
    // Two edits in one batch (their changes merged): A1 = 3 then S2!B1 = 6, and A1 again = 4.
    const batch = hf.batch(() => {
      hf.setCellContents({ sheet: 0, row: 0, col: 0 }, [[3]]);
      hf.setCellContents({ sheet: 1, row: 0, col: 1 }, [[6]]);
      hf.setCellContents({ sheet: 0, row: 0, col: 0 }, [[4]]);
    });
    expect(listed(batch)).toEqual(
      ['0!A1=4', '0!B1=8', '0!C1=9', '0!E1=4', '0!E2=8', '0!E3=9', '1!A1=40', '1!B1=6'].sort()
    );
    // A value put into the spill: the spill's cells become #SPILL! and empty, the value stays.
    const spilled = listed(hf.setCellContents({ sheet: 0, row: 1, col: 4 }, [['x']]));
    expect(spilled).toContain('0!E2=x');
    expect(spilled.filter((c) => c.startsWith('0!E1='))).toHaveLength(1);
    expect(hf.getCellValue({ sheet: 0, row: 0, col: 4 })).toMatchObject({ type: 'SPILL' });
    hf.destroy();
  });

  it('keeps cells in row 1 048 576 and in far columns apart from their neighbours', () => {
    // The number key is (sheet × 2^24 + row) × 2^16 + col: no two cells share one.
    const hf = HyperFormula.buildFromArray([[1]], { licenseKey: 'gpl-v3', maxRows: 2_000_000, maxColumns: 300 });
    const formulas = [
      { sheet: 0, row: 1_048_575, col: 0 },
      { sheet: 0, row: 0, col: 255 },
      { sheet: 0, row: 1, col: 0 },
      { sheet: 0, row: 0, col: 1 },
    ];
    for (const a of formulas) hf.setCellContents(a, [['=A1+1']]);
    const changes = hf.setCellContents({ sheet: 0, row: 0, col: 0 }, [[7]]) as unknown as Change[];
    const byCell = new Map(changes.map((c) => [`${c.address.row},${c.address.col}`, c.newValue]));
    expect(Object.fromEntries(byCell)).toEqual({ '0,0': 7, '1048575,0': 8, '0,255': 8, '1,0': 8, '0,1': 8 });
    hf.destroy();
  });
});

describe('Graph topological sorts with the patch, run after run on one graph', () => {
  type N = { idInGraph?: number; name: number };
  interface SortingGraph extends GraphLike {
    getTopSortedWithSccSubgraphFrom(
      seeds: object[],
      op: (n: object) => boolean,
      onCycle: (n: object) => void
    ): { sorted: N[]; cycled: N[] };
  }
  /** A small deterministic generator (mulberry32), so a failure can be replayed. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  /** Nodes reachable from `seeds`, and those on a cycle (a strongly connected component of two or more, or a self-edge). */
  function expected(edges: Map<number, Set<number>>, seeds: number[]) {
    const reach = new Set<number>();
    const stack = [...seeds];
    while (stack.length) {
      const u = stack.pop()!;
      if (reach.has(u)) continue;
      reach.add(u);
      stack.push(...(edges.get(u) ?? []));
    }
    const reaches = (from: number, to: number) => {
      const seen = new Set<number>();
      const st = [...(edges.get(from) ?? [])];
      while (st.length) {
        const u = st.pop()!;
        if (u === to) return true;
        if (seen.has(u)) continue;
        seen.add(u);
        st.push(...(edges.get(u) ?? []));
      }
      return false;
    };
    const onCycle = new Set([...reach].filter((u) => reaches(u, u)));
    return { reach, onCycle };
  }

  it('visits what the seeds reach, in an order that respects every edge, with cycles apart, however often it runs', () => {
    const rnd = random(20260131);
    const g = new Graph(() => []) as unknown as SortingGraph;
    const nodes: N[] = [];
    const edges = new Map<number, Set<number>>();
    const addNodes = (k: number) => {
      for (let i = 0; i < k; i++) {
        const n: N = { name: nodes.length };
        nodes.push(n);
        g.addNodeIfNotExists(n);
      }
    };
    addNodes(40);
    for (let run = 0; run < 60; run++) {
      if (run % 10 === 5) addNodes(30); // the graph outgrows the arrays of earlier runs
      for (let e = 0; e < 8; e++) {
        // mostly forward edges (a DAG), a few backward ones (cycles, self-edges)
        const a = Math.floor(rnd() * nodes.length);
        const b = rnd() < 0.9 ? a + 1 + Math.floor(rnd() * (nodes.length - a - 1)) : Math.floor(rnd() * (a + 1));
        if (b >= nodes.length || (edges.get(a)?.has(b) ?? false)) continue;
        g.addEdge(nodes[a], nodes[b]);
        if (!edges.has(a)) edges.set(a, new Set());
        edges.get(a)!.add(b);
      }
      const seeds = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => Math.floor(rnd() * nodes.length));
      // The operating function says "changed" for some nodes only: the rest must not propagate.
      const changes = new Set(nodes.filter(() => rnd() < 0.6).map((n) => n.name));
      const operated: number[] = [];
      const r = g.getTopSortedWithSccSubgraphFrom(
        seeds.map((i) => nodes[i]),
        (n) => {
          operated.push((n as N).name);
          return changes.has((n as N).name);
        },
        () => {}
      );
      const { reach, onCycle } = expected(edges, seeds);
      const sorted = r.sorted.map((n) => n.name);
      const cycled = r.cycled.map((n) => n.name);
      expect(new Set([...sorted, ...cycled])).toEqual(reach);
      expect(sorted.length + cycled.length).toBe(reach.size);
      expect(new Set(cycled)).toEqual(onCycle);
      const at = new Map(sorted.map((u, i) => [u, i]));
      for (const [a, bs] of edges)
        for (const b of bs) if (at.has(a) && at.has(b)) expect(at.get(a)!).toBeLessThan(at.get(b)!);
      // Operated: seeds, and anything after an operated node that changed or a node on a cycle.
      const due = new Set(seeds);
      for (const u of cycled) for (const v of edges.get(u) ?? []) due.add(v);
      const want: number[] = [];
      for (const u of sorted) {
        if (!due.has(u)) continue;
        want.push(u);
        if (changes.has(u)) for (const v of edges.get(u) ?? []) due.add(v);
      }
      expect(operated).toEqual(want);
    }
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
    const rows: (number | string | null)[][] = Array.from({ length: n }, (_, i) => [
      i,
      `=A${i + 1}*$D$1+SUM($D$1:$E$1)`,
    ]);
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
