/**
 * The headless engine: HyperFormula with every REUSE function registered, Excel-compatible
 * settings, bare TRUE/FALSE, and spills sized as Excel sizes them.
 */
import { DenseSparseChooseBasedOnThreshold, DetailedCellError, ErrorType, HyperFormula } from 'hyperformula';
import type { CellValue, ConfigParams, RawCellContent, SimpleCellAddress } from 'hyperformula';
import type { Lang } from '../core/errors';
import { FUNCTIONS, fullName } from '../registry';
import { EngineContext, SpillHints, buildReusePlugin } from './plugin';
import { toEngineFormula } from './formula-text';
import { registerExcelBuiltins } from './excel-builtins';
import { formatRange, rangeCells } from '../xlsx/a1';
import { scanReferences } from '../xlsx/formula-refs';
import { DEFAULT_LIMITS, count } from '../xlsx/limits';

let registered = false;

/** Registers the REUSE plugin once per process (HyperFormula keeps plugins globally). */
export function registerReuseFunctions(): void {
  if (registered) return;
  registerExcelBuiltins();
  const names = Object.fromEntries(FUNCTIONS.map((f) => [fullName(f), fullName(f)]));
  HyperFormula.registerFunctionPlugin(buildReusePlugin(), { enGB: names, enUS: names });
  registered = true;
}

/** Names HyperFormula has registered for the REUSE plugin (for the parity test). */
export function registeredReuseNames(): string[] {
  registerReuseFunctions();
  return HyperFormula.getRegisteredFunctionNames('enGB').filter((n) => n.startsWith('REUSE.'));
}

/** A defined name for the engine: its formula already in engine form (`=…`), and the sheet it belongs to. */
export interface EngineName {
  name: string;
  expression: string;
  /** HyperFormula sheet id of a sheet-scoped name. */
  scope?: number;
}

export interface EngineOptions {
  lang?: Lang;
  /**
   * Workbook-level defined names: name → formula text as Excel stores it (e.g. `Inputs!$B$2`),
   * or names already in engine form (the workbook loader's, with scopes).
   */
  names?: Record<string, string> | EngineName[];
  /** The workbook counts dates from 1904 (old Mac workbooks). */
  date1904?: boolean;
}

/** How many times spill sizes are re-learnt before giving up (a chain of dependent spills needs one pass per link). */
const MAX_SPILL_PASSES = 8;

export type EngineValue = CellValue;

/** A vertex of HyperFormula's dependency graph (a cell, a range, a formula). */
interface Vertex {
  idInGraph?: number;
  /** Ranges: the cells covered. */
  range?: { end: SimpleCellAddress };
  /** Formulas: the syntax tree and the cell (`lazy` is HyperFormula's LazilyTransformingAstService). */
  getFormula?(lazy: unknown): unknown;
  getAddress?(lazy: unknown): SimpleCellAddress;
  /** Array formulas: the values spilled. */
  array?: unknown;
}

/** A formula that spills, or may spill once recalculated, from `at` down and right. */
interface Spiller {
  at: SimpleCellAddress;
  vertex: Vertex;
}

/** Beyond this many formulas that spill or may (a sheet of single-cell spills), `withDemand` recalculates everything. */
const MAX_SPILLERS = 2_000;

/** Names of the REUSE functions whose result is an array (their spill size can change when they are recalculated). */
let arrayFunctionNames: Set<string> | undefined;
/** Syntax trees already looked at (HyperFormula never changes one in place): does it call one of those? */
const callsArrayFunction = new WeakMap<object, boolean>();

function hasArrayCall(ast: unknown): boolean {
  if (ast === null || typeof ast !== 'object') return false;
  let found = callsArrayFunction.get(ast);
  if (found !== undefined) return found;
  arrayFunctionNames ??= new Set(FUNCTIONS.filter((f) => f.result.kind !== 'scalar').map(fullName));
  const node = ast as { type?: string; procedureName?: string };
  found = node.type === 'FUNCTION_CALL' && arrayFunctionNames.has(node.procedureName ?? '');
  if (!found) {
    for (const child of Object.values(ast)) {
      if (Array.isArray(child) ? child.some(hasArrayCall) : hasArrayCall(child)) {
        found = true;
        break;
      }
    }
  }
  callsArrayFunction.set(ast, found);
  return found;
}

/**
 * The HyperFormula internals a demand-limited recalculation uses: the dependency graph (to find
 * what the cells read depend on) and the evaluator's `demand`, added by
 * patches/hyperformula+3.5.0.patch (docs/upstream/hyperformula-demand.md).
 */
interface Internals {
  evaluator: { demand: ((v: Vertex) => boolean) | undefined };
  dependencyGraph: {
    graph: { nextId: number; nodesSparseArray: (Vertex | undefined)[] };
    addressMapping: { getCell(a: SimpleCellAddress): Vertex | undefined };
    dependencyQueryVertices(v: Vertex): [unknown, Vertex | undefined][];
    lazilyTransformingAstService: { version(): number };
  };
}

export class Engine {
  readonly hf: HyperFormula;
  private readonly ctx: EngineContext;
  /** Cells a demand-limited recalculation left for later (`flush`). */
  private deferred = false;
  /** The vertices the last demand needed, while the graph has not changed. */
  private needs: { key: string; version: string; vertices: Set<Vertex> } | undefined;

  private constructor(hf: HyperFormula, ctx: EngineContext) {
    this.hf = hf;
    this.ctx = ctx;
  }

  /** The language of the REUSE functions' messages (and of explained engine messages). */
  get lang(): Lang {
    return this.ctx.lang;
  }

  static config(ctx: EngineContext, date1904 = false): Partial<ConfigParams> {
    return {
      licenseKey: 'gpl-v3',
      context: ctx,
      useArrayArithmetic: true,
      smartRounding: false,
      maxRows: 1_048_576,
      maxColumns: 16_384,
      // Excel's 1900 date system: serial 1 = 1900-01-01, with Lotus's phantom 1900-02-29 (serial 60);
      // or the 1904 system of old Mac workbooks: serial 0 = 1904-01-01.
      leapYear1900: !date1904,
      nullDate: date1904 ? { year: 1904, month: 1, day: 1 } : { year: 1899, month: 12, day: 31 },
      // A sheet fuller than 1 cell in 10 of its bounding box is kept as a dense grid, anything
      // sparser (a cell at A1 and one at XFD1048576) as a map: HyperFormula's default, always
      // dense, allocates the whole bounding box.
      chooseAddressMappingPolicy: new DenseSparseChooseBasedOnThreshold(0.1),
      // An empty cell stays empty when passed to a function (through a reference or a defined
      // name), so optional arguments take their defaults as in Excel; workbook.ts shows a bare
      // reference to an empty cell as 0 when it writes cached values.
      evaluateNullToZero: false,
      // Nothing here undoes an edit; with the default (20) every edit also pays for keeping and
      // evicting undo entries.
      undoLimit: 0,
    };
  }

  /**
   * Builds an engine over sheets of raw contents (formulas as `=…`, already in engine form).
   * `sheets` may be a Map, so that any sheet name (`__proto__` too) is just a name.
   */
  static fromSheets(
    sheets: Record<string, RawCellContent[][]> | Map<string, RawCellContent[][]>,
    opts: EngineOptions = {}
  ): Engine {
    registerReuseFunctions();
    const ctx: EngineContext = { lang: opts.lang ?? 'en-US', hints: new SpillHints() };
    const given = Array.isArray(opts.names)
      ? opts.names
      : Object.entries(opts.names ?? {}).map(([name, ref]) => ({ name, expression: '=' + toEngineFormula(ref) }));
    const names = [{ name: 'TRUE', expression: '=TRUE()' }, { name: 'FALSE', expression: '=FALSE()' }, ...given];
    const record: Record<string, RawCellContent[][]> = Object.create(null);
    for (const [name, grid] of sheets instanceof Map ? sheets : Object.entries(sheets))
      Object.defineProperty(record, name, { value: grid, enumerable: true });
    const hf = HyperFormula.buildFromSheets(record, Engine.config(ctx, opts.date1904), names);
    const engine = new Engine(hf, ctx);
    engine.settleSpills();
    return engine;
  }

  /**
   * Re-enters every formula whose spill size was mispredicted, now with the learnt size,
   * until sizes stop changing. Returns the number of passes taken.
   */
  settleSpills(): number {
    const { hints } = this.ctx;
    let pass = 0;
    let probed = false;
    for (;;) {
      while (hints.mismatches.size > 0 && pass < MAX_SPILL_PASSES) {
        pass++;
        const todo = [...hints.mismatches.values()];
        hints.mismatches.clear();
        const cells = new Map<string, SimpleCellAddress>();
        for (const m of todo) {
          hints.known.set(m.key, m.size);
          hints.at.set(m.key, m.address);
          cells.set(`${m.address.sheet}!${m.address.row}!${m.address.col}`, m.address);
        }
        this.reenter(cells.values());
      }
      if (probed) return pass;
      probed = true;
      // A spill with a learnt size that found no room (#SPILL!) is not evaluated again, so it
      // would never learn that its size went back (a longer bond term tried, then the old one
      // restored). Forget those sizes and learn them again, as a fresh load of the file would.
      const blocked = new Map<string, SimpleCellAddress>();
      for (const [key, address] of hints.at) {
        const v = this.hf.getCellValue(address);
        if (!(v instanceof DetailedCellError && v.type === ErrorType.SPILL)) continue;
        hints.known.delete(key);
        hints.at.delete(key);
        blocked.set(`${address.sheet}!${address.row}!${address.col}`, address);
      }
      if (blocked.size === 0) return pass;
      this.reenter(blocked.values());
    }
  }

  /**
   * Runs `change` (writes to the engine, and the spills they re-settle) recalculating only what
   * the cells `reads` depend on, plus any formula entered meanwhile. Every other cell the change
   * reaches stays marked for recalculation (HyperFormula's own dirty set) until a recalculation
   * without a demand: any later write, or `flush`. Until then only `reads` are up to date.
   *
   * A what-if that reads the loan payment then needs the few cells the payment depends on, not
   * the 25 years of cash flow that also depend on the loan term; put back, those cells never
   * needed recalculating at all.
   */
  withDemand<T>(reads: readonly SimpleCellAddress[], change: () => T): T {
    const internals = this.hf as unknown as Internals;
    const needed = this.neededBy(reads);
    if (!needed) return change();
    const first = internals.dependencyGraph.graph.nextId; // vertices created from here on are new formulas: needed
    internals.evaluator.demand = (v) => {
      if (needed.has(v) || (v.idInGraph ?? first) >= first) return true;
      this.deferred = true;
      return false;
    };
    try {
      const result = change();
      this.settleSpills();
      return result;
    } finally {
      internals.evaluator.demand = undefined;
    }
  }

  /** Whether `withDemand` left cells for later. */
  get hasDeferred(): boolean {
    return this.deferred;
  }

  /** Recalculates whatever `withDemand` left for later. */
  flush(): void {
    if (!this.deferred) return;
    this.deferred = false;
    this.hf.batch(() => undefined);
    this.settleSpills();
  }

  /**
   * The vertices `reads` depend on, directly or not (through cells, ranges and names), the
   * cells' own included; undefined when the graph cannot tell (then everything is recalculated).
   *
   * A cell also depends on every formula that spills, or may spill once recalculated, from above
   * and left of it on its sheet: a spill that grows or shrinks changes what the cell holds (a
   * bond term read by a schedule), and that is known only once the spilling formula is
   * recalculated. So such formulas count as dependencies of every cell and range below and right
   * of them. Kept while no vertex is added, since a new dependency comes only with a new formula.
   */
  private neededBy(reads: readonly SimpleCellAddress[]): Set<Vertex> | undefined {
    const internals = this.hf as unknown as Internals;
    const graph = internals.dependencyGraph;
    const key = reads.map((a) => `${a.sheet}!${a.row}!${a.col}`).join(' ');
    const version = `${graph.graph.nextId}/${graph.lazilyTransformingAstService.version()}`;
    if (this.needs?.key === key && this.needs.version === version) return this.needs.vertices;
    const vertices = new Set<Vertex>();
    try {
      const spillers = this.spillers();
      if (!spillers) return undefined;
      const todo: Vertex[] = [];
      /** Formulas that may spill over the cell `a` (or the range ending at `a`). */
      const coverersOf = (a: SimpleCellAddress) => {
        for (const s of spillers.get(a.sheet) ?? [])
          if (s.at.row <= a.row && s.at.col <= a.col && !vertices.has(s.vertex)) todo.push(s.vertex);
      };
      for (const a of reads) {
        const v = graph.addressMapping.getCell(a);
        if (v) todo.push(v);
        coverersOf(a);
      }
      while (todo.length) {
        const v = todo.pop()!;
        if (vertices.has(v)) continue;
        vertices.add(v);
        if (v.getAddress) coverersOf(v.getAddress(graph.lazilyTransformingAstService));
        if (v.range) coverersOf(v.range.end);
        for (const [at, dep] of graph.dependencyQueryVertices(v)) {
          if (dep && !vertices.has(dep)) todo.push(dep);
          if (isAddress(at)) coverersOf(at);
        }
      }
    } catch {
      return undefined;
    }
    this.needs = { key, version, vertices };
    return vertices;
  }

  /**
   * Formulas that spill or may spill, by sheet: array formulas, and formulas calling a REUSE
   * function that returns an array (recalculated, it may find a different size and be entered
   * again as a spill). Undefined when there are too many to follow.
   */
  private spillers(): Map<number, Spiller[]> | undefined {
    const { dependencyGraph: graph } = this.hf as unknown as Internals;
    const lazy = graph.lazilyTransformingAstService;
    const out = new Map<number, Spiller[]>();
    let n = 0;
    for (const v of graph.graph.nodesSparseArray) {
      if (!v || !v.getFormula || !v.getAddress) continue;
      if (v.array === undefined && !hasArrayCall(v.getFormula(lazy))) continue;
      if (++n > MAX_SPILLERS) return undefined;
      const at = v.getAddress(lazy);
      let list = out.get(at.sheet);
      if (!list) out.set(at.sheet, (list = []));
      list.push({ at, vertex: v });
    }
    return out;
  }

  /** Enters the formulas at `cells` again, so HyperFormula sizes their spills anew. */
  private reenter(cells: Iterable<SimpleCellAddress>): void {
    this.hf.batch(() => {
      for (const address of cells) {
        const formula = this.hf.getCellFormula(address);
        if (formula !== undefined) this.hf.setCellContents(address, [[formula]]);
      }
    });
  }

  /** Changes cell contents and re-settles spills. */
  setCells(address: SimpleCellAddress, contents: RawCellContent[][]): void {
    this.hf.setCellContents(address, contents);
    this.settleSpills();
  }

  /** Evaluates one formula on its own, Excel style (leading `=` optional). Returns a value or a 2-D array. */
  static evaluate(formula: string, opts: EngineOptions = {}): EngineValue | EngineValue[][] {
    const text = formula.trim().startsWith('=') ? formula.trim() : `=${formula.trim()}`;
    // The bounds a workbook's formulas get (workbook.ts): HyperFormula walks every address of a
    // range it aggregates, so SUM(A1:XFD1048576) would run for minutes over an empty sheet.
    if (text.length > DEFAULT_LIMITS.maxFormulaChars + 1)
      throw new Error(
        `the formula is ${count(text.length - 1)} characters long, more than Excel's ${count(DEFAULT_LIMITS.maxFormulaChars)}`
      );
    for (const ref of scanReferences(text.slice(1))) {
      const cells = rangeCells(ref.range);
      if (cells > DEFAULT_LIMITS.maxRangeCells)
        throw new Error(
          `it refers to ${formatRange(ref.range)} (${count(cells)} cells), more than the ${count(DEFAULT_LIMITS.maxRangeCells)} cells the engine walks for one reference`
        );
    }
    const engine = Engine.fromSheets({ eval: [[toEngineFormula(text)]] }, opts);
    try {
      const values = engine.hf.getSheetValues(0);
      if (values.length === 1 && values[0].length === 1) return values[0][0];
      return values;
    } finally {
      engine.hf.destroy();
    }
  }
}

const isAddress = (a: unknown): a is SimpleCellAddress =>
  a !== null &&
  typeof a === 'object' &&
  typeof (a as SimpleCellAddress).sheet === 'number' &&
  typeof (a as SimpleCellAddress).row === 'number';

export const isEngineError = (v: unknown): v is DetailedCellError => v instanceof DetailedCellError;
