/**
 * 分析 / Analysis: sensitivity (tornado and spider), data tables (heat map), Monte Carlo
 * (histogram with P5/P50/P95, cumulative distribution, the probability of a threshold in words)
 * and break-even (goal seek) over the model the pane keeps (the scenario document's inputs and
 * outputs, with the ranges, distributions and thresholds stored beside them where there are any).
 *
 * Defaults: each input ± 10 % of its current value, triangular around it for Monte Carlo. A run
 * is a long action (progress, Cancel); every what-if puts its inputs back, so the workbook ends
 * as it started. The analysis code (src/analysis) is loaded when the first run starts. Over the
 * headless engine (playground) the what-ifs take the engine's fast path; elsewhere the host's
 * own recalculation (fromWorkbookPort). Charts are SVG built with DOM calls (../charts), each
 * with an accessible name and the same numbers as a table; labels from the workbook stay text.
 */
import type { Lang } from '../../core/errors';
import type {
  AnalysisPort,
  AnalysisResult,
  DataTableResult,
  Distribution,
  GoalSeekResult,
  MonteCarloResult,
  SensitivityResult,
  ThresholdOp,
  TryOutPort,
} from '../../analysis';
import { consistencyProblem } from '../../scenarios/document';
import { nextId } from '../../scenarios/operations';
import { saveStore } from '../../scenarios/store';
import {
  AnalysisInputSettings,
  AnalysisModel,
  ModelInput,
  ScenarioDocument,
  emptyAnalysis,
  withAnalysis,
} from '../../scenarios/types';
import type { CellValue, WorkbookPort } from '../../workbook/port';
import { cdfChart, histogramChart } from '../charts/distribution';
import { heatmapChart } from '../charts/heatmap';
import { spiderChart } from '../charts/spider';
import { ChartFormat, compactNumber } from '../charts/svg';
import { tornadoChart } from '../charts/tornado';
import { formatSpec, formatValue, parseInput } from '../format';
import { TextKey, t } from '../i18n';
import type { PaneState } from '../handlers';
import type { ViewContext, ViewHandle } from '../view-context';

type AnalysisModule = typeof import('../../analysis');
let loading: Promise<AnalysisModule> | undefined;
/** The analysis code, loaded on the first run (its own chunk in the Office bundle). */
export const loadAnalysis = (): Promise<AnalysisModule> =>
  (loading ??= import(/* webpackChunkName: "analysis" */ '../../analysis'));

/** The engine port's what-if fast path where the pane has it (playground), the host's recalculation otherwise. */
export function analysisPortFor(mod: AnalysisModule, port: WorkbookPort): AnalysisPort {
  const p = port as WorkbookPort & Partial<TryOutPort>;
  return typeof p.tryOut === 'function' ? mod.fromEnginePort(p as TryOutPort) : mod.fromWorkbookPort(port);
}

export type AnalysisKind = 'sensitivity' | 'table' | 'montecarlo' | 'goalseek';
const KINDS: { id: AnalysisKind; label: TextKey; help: TextKey }[] = [
  { id: 'sensitivity', label: 'anSensitivity', help: 'anSensitivityHelp' },
  { id: 'table', label: 'anTable', help: 'anTableHelp' },
  { id: 'montecarlo', label: 'anMonteCarlo', help: 'anMonteCarloHelp' },
  { id: 'goalseek', label: 'anGoalSeek', help: 'anGoalSeekHelp' },
];

/** An output an analysis can read: a model output (a cell) or an analysis output (an aggregate such as min(…)). */
export interface OutputItem {
  id: string;
  expr: string;
  label: string;
  numberFormat?: string;
  threshold?: { op: ThresholdOp; value: number };
}

export function outputItems(doc: ScenarioDocument): OutputItem[] {
  return [
    ...doc.model.outputs.map((o) => ({ id: o.id, expr: o.ref, label: o.label || o.ref, numberFormat: o.numberFormat })),
    ...(doc.analysis?.outputs ?? []).map((o) => ({
      id: o.id,
      expr: o.expr,
      label: o.label || o.expr,
      threshold: o.threshold,
    })),
  ];
}

type DistType = 'triangular' | 'pert' | 'uniform' | 'normal';
const DIST_TYPES: { id: DistType; label: TextKey; params: TextKey[] }[] = [
  { id: 'triangular', label: 'anDistTriangular', params: ['anMin', 'anMode', 'anMax'] },
  { id: 'pert', label: 'anDistPert', params: ['anMin', 'anMode', 'anMax'] },
  { id: 'uniform', label: 'anDistUniform', params: ['anMin', 'anMax'] },
  { id: 'normal', label: 'anDistNormal', params: ['anMean', 'anSd'] },
];

/** A mistake in a field, in both languages (app.ts's errorMessage shows `reason`). */
class FieldError extends Error {
  readonly reason: { en: string; zh: string };
  constructor(key: TextKey, params: Record<string, string | number> = {}) {
    super(t(key, 'en-US', params));
    this.reason = { en: t(key, 'en-US', params), zh: t(key, 'zh-CN', params) };
  }
}

/** A round default near x (4 significant digits), so fields show 1.575, not 1.5750000000000002. */
const nice = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(6)));

/** Result of the last run of each kind, with the labels it ran with. */
interface Ran<R> {
  result: R;
  inputs: Map<string, string>;
  outputs: OutputItem[];
}

export function mountAnalysisView(ctx: ViewContext, root: HTMLElement): ViewHandle {
  const { dom, port, tx } = ctx;
  let kind: AnalysisKind = 'sensitivity';
  let ticked: Set<string> | undefined;
  const ranges = new Map<string, { low: string; high: string }>();
  const dists = new Map<string, { type?: DistType; p: string[] }>();
  const f = {
    delta: '',
    steps: '5',
    iterations: '',
    seed: '',
    thresholdOp: '' as ThresholdOp | '',
    threshold: '',
    rowInput: '',
    rowValues: '',
    colInput: '',
    colValues: '',
    goalInput: '',
    goalOutput: '',
    target: '',
    between: ['', ''],
  };
  let shownOutput: string | undefined;
  const newOutput = { expr: '', label: '', open: false };
  const ran: {
    sensitivity?: Ran<SensitivityResult>;
    table?: Ran<DataTableResult>;
    montecarlo?: Ran<MonteCarloResult>;
    goalseek?: Ran<GoalSeekResult>;
  } = {};
  // Current input values, read once per set of input references (for defaults and "now …").
  let bases = new Map<string, CellValue>();
  let basesKey = '';

  const lang = (): Lang => ctx.lang();
  const fmtNum = (x: number, nf?: string) => formatValue(x, nf, lang());
  const chartFormat = (nf?: string): ChartFormat => ({
    value: (x) => fmtNum(x, nf),
    input: (x) => fmtNum(x),
    tick: (x) => (formatSpec(nf)?.percent ? `${Number((x * 100).toPrecision(3))}%` : compactNumber(x, lang())),
  });
  const chartWidth = () => {
    const w = root.clientWidth;
    return w > 0 ? Math.max(280, Math.min(760, Math.floor(w - 26))) : 320;
  };
  // Charts are drawn for the pane's width: draw them again when the pane is resized (debounced).
  let drawnWidth = 0;
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  ctx.doc.defaultView?.addEventListener('resize', () => {
    if (resizeTimer) clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (!root.hidden && root.isConnected && drawnWidth && Math.abs(chartWidth() - drawnWidth) > 8) ctx.rerender();
    }, 150);
  });

  function loadBases(inputs: ModelInput[]): void {
    const key = inputs.map((i) => i.ref).join('\n');
    if (key === basesKey) return;
    basesKey = key;
    port.readValues(inputs.map((i) => i.ref)).then(
      (vs) => {
        if (key !== basesKey) return;
        bases = new Map(inputs.map((i, k) => [i.id, vs[k]]));
        ctx.rerender();
      },
      () => undefined // a reference that no longer reads: the run names it
    );
  }
  const baseOf = (id: string): number | undefined => {
    const v = bases.get(id);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };

  // ----- defaults: stored settings first, then ± delta / triangular around the current value -----
  const stored = (d: ScenarioDocument, id: string) => d.analysis?.inputs.find((s) => s.inputId === id);
  const deltaShare = (d: ScenarioDocument) => {
    const text = f.delta.trim();
    if (!text) return d.analysis?.settings.delta ?? 0.1;
    const v = num(text, tx('anDelta'));
    return v / 100;
  };
  function defaultRange(d: ScenarioDocument, id: string): [number, number] | undefined {
    const s = stored(d, id);
    if (s?.low !== undefined && s.high !== undefined) return [s.low, s.high];
    const b = baseOf(id);
    const delta = (() => {
      try {
        return deltaShare(d);
      } catch {
        return 0.1;
      }
    })();
    return b === undefined ? undefined : [nice(b * (1 - delta)), nice(b * (1 + delta))];
  }
  function defaultDist(d: ScenarioDocument, id: string, type: DistType): number[] | undefined {
    const s = stored(d, id)?.distribution;
    if (s && s.type === type) {
      if (s.type === 'triangular' || s.type === 'pert') return [s.min, s.mode, s.max];
      if (s.type === 'uniform') return [s.min, s.max];
      if (s.type === 'normal') return [s.mean, s.sd];
    }
    const b = baseOf(id);
    if (b === undefined) return undefined;
    const [lo, hi] = defaultRange(d, id) ?? [b * 0.9, b * 1.1];
    if (type === 'uniform') return [lo, hi];
    if (type === 'normal') return [b, nice(Math.abs(hi - lo) / 4)];
    return [lo, b, hi];
  }
  const distType = (d: ScenarioDocument, id: string): DistType => {
    const chosen = dists.get(id)?.type;
    if (chosen) return chosen;
    const s = stored(d, id)?.distribution?.type;
    return s === 'pert' || s === 'uniform' || s === 'normal' ? s : 'triangular';
  };

  function num(text: string, field: string): number {
    const v = parseInput(text);
    if (typeof v !== 'number') throw new FieldError('anBadNumber', { field, text });
    return v;
  }
  const list = (text: string, field: string): number[] =>
    text
      .split(/[,，;；\s]+/)
      .filter((s) => s !== '')
      .map((s) => num(s, field));

  // ----- small form helpers (every control labelled) -----
  function numberField(
    id: string,
    label: string,
    value: string,
    placeholder: string,
    onInput: (v: string) => void,
    aria?: string
  ): HTMLElement {
    const fld = dom.textField(id, label, value, onInput, { inputmode: 'decimal' });
    const input = fld.querySelector('input')!;
    input.placeholder = placeholder;
    if (aria) input.setAttribute('aria-label', aria);
    return fld;
  }
  function select(
    id: string,
    label: string,
    options: [string, string][],
    value: string,
    onChange: (v: string) => void
  ): HTMLElement {
    const s = dom.h('select', { id });
    for (const [v, text] of options) {
      const o = dom.h('option', { text });
      o.value = v;
      s.append(o);
    }
    s.value = options.some(([v]) => v === value) ? value : (options[0]?.[0] ?? '');
    s.addEventListener('change', () => onChange(s.value));
    return dom.h('div', { class: 'rf-field' }, [dom.h('label', { text: label, attrs: { for: id } }), s]);
  }
  const nowText = (id: string) => {
    const v = bases.get(id);
    return v === undefined
      ? ''
      : tx('anNow', {
          value: typeof v === 'number' ? fmtNum(v) : v === null ? '—' : typeof v === 'object' ? v.error : String(v),
        });
  };

  // ----- settings per kind -----
  function inputsFieldset(d: ScenarioDocument, extra: (inp: ModelInput) => HTMLElement[]): HTMLElement {
    const on = (ticked ??= new Set(d.model.inputs.map((i) => i.id)));
    const fs = dom.h('fieldset', { class: 'rf-an-inputs' }, [dom.h('legend', { text: tx('anInputs') })]);
    for (const inp of d.model.inputs) {
      const row = dom.h('div', { class: 'rf-an-input', attrs: { 'data-id': inp.id, 'data-ref': inp.ref } });
      row.append(
        dom.checkbox(
          `rf-an-use-${inp.id}`,
          inp.label || inp.ref,
          on.has(inp.id),
          (c) => (c ? on.add(inp.id) : on.delete(inp.id)),
          { 'data-id': inp.id }
        )
      );
      row.append(dom.h('span', { class: 'rf-an-now rf-muted', text: nowText(inp.id) }));
      row.append(dom.h('div', { class: 'rf-an-params' }, extra(inp)));
      fs.append(row);
    }
    return fs;
  }

  function sensitivitySettings(d: ScenarioDocument): HTMLElement[] {
    const fs = inputsFieldset(d, (inp) => {
      const r = ranges.get(inp.id) ?? { low: '', high: '' };
      ranges.set(inp.id, r);
      const def = defaultRange(d, inp.id);
      const name = inp.label || inp.ref;
      return [
        numberField(
          `rf-an-low-${inp.id}`,
          tx('anLow'),
          r.low,
          def ? String(def[0]) : '',
          (v) => (r.low = v),
          `${tx('anLow')}: ${name}`
        ),
        numberField(
          `rf-an-high-${inp.id}`,
          tx('anHigh'),
          r.high,
          def ? String(def[1]) : '',
          (v) => (r.high = v),
          `${tx('anHigh')}: ${name}`
        ),
      ];
    });
    const delta = numberField(
      'rf-an-delta',
      tx('anDelta'),
      f.delta,
      String((d.analysis?.settings.delta ?? 0.1) * 100),
      (v) => {
        f.delta = v;
      }
    );
    delta.querySelector('input')!.addEventListener('change', () => ctx.rerender());
    const steps = numberField('rf-an-steps', tx('anSteps'), f.steps, '5', (v) => (f.steps = v));
    return [dom.h('div', { class: 'rf-an-grid' }, [delta, steps]), fs];
  }

  function monteCarloSettings(d: ScenarioDocument, outputs: OutputItem[]): HTMLElement[] {
    const fs = inputsFieldset(d, (inp) => {
      const st = dists.get(inp.id) ?? { p: [] };
      dists.set(inp.id, st);
      const type = distType(d, inp.id);
      const spec = DIST_TYPES.find((x) => x.id === type)!;
      const def = defaultDist(d, inp.id, type);
      const name = inp.label || inp.ref;
      const sel = select(
        `rf-an-dist-${inp.id}`,
        tx('anDistribution'),
        DIST_TYPES.map((x) => [x.id, tx(x.label)]),
        type,
        (v) => {
          st.type = v as DistType;
          st.p = [];
          ctx.rerender();
        }
      );
      sel.querySelector('select')!.setAttribute('aria-label', `${tx('anDistribution')}: ${name}`);
      return [
        sel,
        ...spec.params.map((p, k) =>
          numberField(
            `rf-an-p${k}-${inp.id}`,
            tx(p),
            st.p[k] ?? '',
            def ? String(def[k]) : '',
            (v) => (st.p[k] = v),
            `${tx(p)}: ${name}`
          )
        ),
      ];
    });
    const s = d.analysis?.settings ?? {};
    const out = outputs.find((o) => o.id === shownOutput) ?? outputs[0];
    const ops: [string, string][] = [
      ['<', tx('anOpLt')],
      ['<=', tx('anOpLe')],
      ['>', tx('anOpGt')],
      ['>=', tx('anOpGe')],
    ];
    return [
      fs,
      dom.h('div', { class: 'rf-an-grid' }, [
        numberField(
          'rf-an-iterations',
          tx('anIterations'),
          f.iterations,
          String(s.iterations ?? 1000),
          (v) => (f.iterations = v)
        ),
        numberField('rf-an-seed', tx('anSeed'), f.seed, String(s.seed ?? 1), (v) => (f.seed = v)),
      ]),
      select(
        'rf-an-mc-output',
        tx('anOutput'),
        outputs.map((o) => [o.id, o.label]),
        out?.id ?? '',
        (v) => {
          shownOutput = v;
          f.threshold = '';
          f.thresholdOp = '';
          ctx.rerender();
        }
      ),
      dom.h('div', { class: 'rf-an-grid' }, [
        select(
          'rf-an-threshold-op',
          tx('anThreshold'),
          ops,
          f.thresholdOp || out?.threshold?.op || '<',
          (v) => (f.thresholdOp = v as ThresholdOp)
        ),
        numberField(
          'rf-an-threshold',
          tx('anThresholdValue'),
          f.threshold,
          out?.threshold ? String(out.threshold.value) : '',
          (v) => (f.threshold = v)
        ),
      ]),
    ];
  }

  function tableSettings(d: ScenarioDocument): HTMLElement[] {
    const inputs = d.model.inputs;
    const opts: [string, string][] = inputs.map((i) => [i.id, i.label || i.ref]);
    const row = inputs.find((i) => i.id === f.rowInput) ?? inputs[0];
    const col =
      f.colInput === 'none'
        ? undefined
        : (inputs.find((i) => i.id === f.colInput) ?? inputs.find((i) => i.id !== row?.id));
    const defValues = (id: string | undefined) => {
      if (!id) return '';
      const s = stored(d, id)?.values;
      if (s?.length) return s.join(', ');
      const b = baseOf(id);
      return b === undefined ? '' : [0.8, 0.9, 1, 1.1, 1.2].map((k) => nice(b * k)).join(', ');
    };
    return [
      select('rf-an-row-input', tx('anRowInput'), opts, row?.id ?? '', (v) => {
        f.rowInput = v;
        f.rowValues = '';
        ctx.rerender();
      }),
      numberField(
        'rf-an-row-values',
        tx('anValues'),
        f.rowValues,
        defValues(row?.id),
        (v) => (f.rowValues = v),
        `${tx('anValues')}: ${tx('anRowInput')}`
      ),
      select('rf-an-col-input', tx('anColInput'), [['none', tx('anNone')], ...opts], col?.id ?? 'none', (v) => {
        f.colInput = v;
        f.colValues = '';
        ctx.rerender();
      }),
      ...(col
        ? [
            numberField(
              'rf-an-col-values',
              tx('anValues'),
              f.colValues,
              defValues(col.id),
              (v) => (f.colValues = v),
              `${tx('anValues')}: ${tx('anColInput')}`
            ),
          ]
        : []),
    ];
  }

  function goalSettings(d: ScenarioDocument, outputs: OutputItem[]): HTMLElement[] {
    const goal = d.analysis?.goals[0];
    return [
      select(
        'rf-an-goal-output',
        tx('anOutput'),
        outputs.map((o) => [o.id, o.label]),
        f.goalOutput || goal?.outputId || '',
        (v) => (f.goalOutput = v)
      ),
      numberField('rf-an-target', tx('anTarget'), f.target, goal ? String(goal.target) : '', (v) => (f.target = v)),
      select(
        'rf-an-goal-input',
        tx('anInput'),
        d.model.inputs.map((i) => [i.id, i.label || i.ref]),
        f.goalInput || goal?.inputId || '',
        (v) => (f.goalInput = v)
      ),
      dom.h('div', { class: 'rf-an-grid' }, [
        numberField(
          'rf-an-between-low',
          tx('anBetweenLow'),
          f.between[0],
          goal?.between ? String(goal.between[0]) : '',
          (v) => (f.between[0] = v)
        ),
        numberField(
          'rf-an-between-high',
          tx('anBetweenHigh'),
          f.between[1],
          goal?.between ? String(goal.between[1]) : '',
          (v) => (f.between[1] = v)
        ),
      ]),
    ];
  }

  // ----- running -----
  const chosenInputs = (d: ScenarioDocument): ModelInput[] => {
    const on = ticked ?? new Set(d.model.inputs.map((i) => i.id));
    const list = d.model.inputs.filter((i) => on.has(i.id));
    if (list.length === 0) throw new FieldError('anNeedInput');
    return list;
  };

  /** The sensitivity range typed (or stored) for an input; {} for the default ± delta. One end typed takes the other from the default. */
  function rangeOf(d: ScenarioDocument, i: ModelInput): { low?: number; high?: number } {
    const r = ranges.get(i.id);
    const st = stored(d, i.id);
    const def = defaultRange(d, i.id);
    const low = r?.low.trim() ? num(r.low, `${tx('anLow')}: ${i.label}`) : undefined;
    const high = r?.high.trim() ? num(r.high, `${tx('anHigh')}: ${i.label}`) : undefined;
    if (low === undefined && high === undefined)
      return st?.low !== undefined && st.high !== undefined ? { low: st.low, high: st.high } : {};
    return { low: low ?? def?.[0], high: high ?? def?.[1] };
  }

  /** The Monte Carlo distribution of an input: the fields typed, else the stored or default parameters. */
  function distributionOf(d: ScenarioDocument, i: ModelInput): Distribution {
    const type = distType(d, i.id);
    const spec = DIST_TYPES.find((x) => x.id === type)!;
    const def = defaultDist(d, i.id, type);
    const st = dists.get(i.id);
    const p = spec.params.map((key, k) => {
      const text = st?.p[k]?.trim();
      if (text) return num(text, `${tx(key)}: ${i.label}`);
      if (def) return def[k];
      throw new FieldError('anBadNumber', { field: `${tx(key)}: ${i.label}`, text: '' });
    });
    return type === 'uniform'
      ? { type, min: p[0], max: p[1] }
      : type === 'normal'
        ? { type, mean: p[0], sd: p[1] }
        : { type, min: p[0], mode: p[1], max: p[2] };
  }

  /**
   * The settings on screen for the current kind, kept in the scenario document (schema version 2)
   * so the next run, the CLI (`reuse-calc sensitivity IN.xlsx` without --input) and other bureaus
   * start from them. Checked as any stored document is before it is written.
   */
  function settingsDocument(d: ScenarioDocument): ScenarioDocument {
    const a: AnalysisModel = JSON.parse(JSON.stringify(d.analysis ?? emptyAnalysis()));
    const known = new Set(d.model.inputs.map((i) => i.id));
    a.inputs = a.inputs.filter((s) => known.has(s.inputId));
    const of = (id: string): AnalysisInputSettings => {
      let s = a.inputs.find((x) => x.inputId === id);
      if (!s) a.inputs.push((s = { inputId: id }));
      return s;
    };
    const typed = (text: string, field: string) => (text.trim() ? num(text, field) : undefined);
    switch (kind) {
      case 'sensitivity': {
        const delta = typed(f.delta, tx('anDelta'));
        if (delta !== undefined) a.settings.delta = delta / 100;
        for (const i of d.model.inputs) {
          const r = rangeOf(d, i);
          if (r.low !== undefined && r.high !== undefined) Object.assign(of(i.id), { low: r.low, high: r.high });
        }
        break;
      }
      case 'montecarlo': {
        for (const i of chosenInputs(d)) of(i.id).distribution = distributionOf(d, i);
        const iterations = typed(f.iterations, tx('anIterations'));
        const seed = typed(f.seed, tx('anSeed'));
        if (iterations !== undefined) a.settings.iterations = iterations;
        if (seed !== undefined) a.settings.seed = seed;
        // An analysis output keeps its threshold (model outputs have none in the document).
        const shown = a.outputs.find((o) => o.id === shownOutput);
        const value = typed(f.threshold, tx('anThresholdValue'));
        if (shown && value !== undefined)
          shown.threshold = { op: (f.thresholdOp || shown.threshold?.op || '<') as ThresholdOp, value };
        break;
      }
      case 'table': {
        for (const [id, text, label] of [
          [f.rowInput || d.model.inputs[0]?.id, f.rowValues, tx('anRowInput')],
          [f.colInput, f.colValues, tx('anColInput')],
        ]) {
          if (id && id !== 'none' && text.trim()) of(id).values = list(text, `${tx('anValues')}: ${label}`);
        }
        break;
      }
      case 'goalseek': {
        const outputs = outputItems(d);
        const goal = a.goals[0];
        const target = typed(f.target, tx('anTarget')) ?? goal?.target;
        if (target === undefined) throw new FieldError('anBadNumber', { field: tx('anTarget'), text: '' });
        const lo = typed(f.between[0], tx('anBetweenLow')) ?? goal?.between?.[0];
        const hi = typed(f.between[1], tx('anBetweenHigh')) ?? goal?.between?.[1];
        a.goals = [
          {
            id: goal?.id ?? 'g1',
            inputId: f.goalInput || goal?.inputId || d.model.inputs[0].id,
            outputId: f.goalOutput || goal?.outputId || outputs[0].id,
            target,
            ...(lo !== undefined && hi !== undefined ? { between: [lo, hi] as [number, number] } : {}),
          },
        ];
        break;
      }
    }
    const doc = withAnalysis(d, a);
    const problem = consistencyProblem(doc);
    if (problem) throw Object.assign(new Error(problem.en), { reason: problem });
    return doc;
  }

  /** Saves a changed analysis model (checked first, as a stored document is). */
  async function saveAnalysis(st: PaneState, a: AnalysisModel): Promise<PaneState> {
    const doc = withAnalysis(st.store.doc, a);
    const problem = consistencyProblem(doc);
    if (problem) throw Object.assign(new Error(problem.en), { reason: problem });
    return { ...st, store: await saveStore(port, { ...st.store, doc }) };
  }
  const analysisOf = (d: ScenarioDocument): AnalysisModel => JSON.parse(JSON.stringify(d.analysis ?? emptyAnalysis()));

  /** Outputs for analysis only: aggregates over a range (the minimum of a DSCR column), kept in the document. */
  function outputsCard(d: ScenarioDocument): HTMLElement {
    const ro = ctx.readOnly();
    const box = dom.h('details', { class: 'rf-card rf-an-outputs', id: 'rf-an-outputs' }, [
      dom.h('summary', { text: tx('anMoreOutputs') }),
    ]);
    box.open = newOutput.open;
    box.addEventListener('toggle', () => (newOutput.open = box.open));
    const items = d.analysis?.outputs ?? [];
    if (items.length) {
      const ul = dom.h('ul', { class: 'rf-items', attrs: { 'aria-label': tx('anMoreOutputs') } });
      for (const o of items) {
        const id = `rf-an-remove-${o.id}`;
        const remove = () =>
          void ctx.act(
            async (st) => {
              const a = analysisOf(st.store.doc);
              a.outputs = a.outputs.filter((x) => x.id !== o.id);
              a.goals = a.goals.filter((g) => g.outputId !== o.id);
              return saveAnalysis(st, a);
            },
            { at: id }
          );
        ul.append(
          dom.h('li', { class: 'rf-item', attrs: { 'data-id': o.id } }, [
            dom.h('span', { text: o.label }),
            dom.h('code', { class: 'rf-ref', text: ` ${o.expr}` }),
            dom.h('div', { class: 'rf-actions' }, [
              dom.button(tx('remove'), remove, { id, label: tx('removeItem', { label: o.label }), disabled: ro }),
            ]),
          ])
        );
      }
      box.append(ul);
    }
    const expr = dom.textField('rf-an-new-expr', tx('anOutputExpr'), newOutput.expr, (v) => (newOutput.expr = v));
    expr.querySelector('input')!.placeholder = "min('资本金现金流'!AC6:AC33)";
    const add = () =>
      void ctx.act(
        async (st) => {
          const text = newOutput.expr.trim();
          if (!text) throw new FieldError('anNeedExpr');
          // The expression must compile and its cells exist in this workbook before it is kept.
          const mod = await loadAnalysis();
          let compiled;
          try {
            compiled = mod.compileOutput(text);
          } catch (e) {
            if (e instanceof mod.AnalysisError)
              throw Object.assign(new Error(e.message), { reason: { en: e.message, zh: e.zh } });
            throw e;
          }
          await port.readValues(compiled.cells.slice(0, 1));
          const a = analysisOf(st.store.doc);
          const id = nextId('aout', [...st.store.doc.model.outputs.map((o) => o.id), ...a.outputs.map((o) => o.id)]);
          a.outputs.push({ id, expr: text, label: newOutput.label.trim() || text, unit: '' });
          const next = await saveAnalysis(st, a);
          newOutput.expr = '';
          newOutput.label = '';
          ctx.notify({ key: 'added', params: { n: 1 } }, { at: 'rf-an-add-output' });
          return next;
        },
        { at: 'rf-an-add-output' }
      );
    box.append(
      dom.h('p', { class: 'rf-help', text: tx('anOutputExprHelp') }),
      expr,
      dom.textField('rf-an-new-label', tx('label'), newOutput.label, (v) => (newOutput.label = v)),
      dom.h('div', { class: 'rf-actions' }, [
        dom.button(tx('anAddOutput'), add, { id: 'rf-an-add-output', disabled: ro }),
      ])
    );
    return box;
  }

  const saveSettings = () =>
    void ctx.act(
      async (st) => {
        const store = await saveStore(port, { ...st.store, doc: settingsDocument(st.store.doc) });
        ctx.notify({ key: 'saved' }, { at: 'rf-an-save' });
        return { ...st, store };
      },
      { at: 'rf-an-save' }
    );

  async function runKind(
    d: ScenarioDocument,
    signal: AbortSignal | undefined,
    progress: (done: number, total: number) => void
  ): Promise<void> {
    const mod = await loadAnalysis();
    const ap = analysisPortFor(mod, port);
    const outputs = outputItems(d);
    const opts = { signal, onProgress: (p: { done: number; total: number }) => progress(p.done, p.total) };
    const labels = (inputs: ModelInput[]) => new Map(inputs.map((i) => [i.ref, i.label || i.ref]));
    switch (kind) {
      case 'sensitivity': {
        const inputs = chosenInputs(d);
        const delta = deltaShare(d);
        const steps = f.steps.trim() ? num(f.steps, tx('anSteps')) : 5;
        const specs = inputs.map((i) => ({ ref: i.ref, ...rangeOf(d, i) }));
        const result = await mod.sensitivity(ap, {
          ...opts,
          inputs: specs,
          outputs: outputs.map((o) => o.expr),
          delta,
          steps,
        });
        ran.sensitivity = { result, inputs: labels(inputs), outputs };
        break;
      }
      case 'montecarlo': {
        const inputs = chosenInputs(d);
        const specs = inputs.map((i) => ({ ref: i.ref, distribution: distributionOf(d, i) }));
        const s = d.analysis?.settings ?? {};
        const iterations = f.iterations.trim() ? num(f.iterations, tx('anIterations')) : (s.iterations ?? 1000);
        const seed = f.seed.trim() ? num(f.seed, tx('anSeed')) : (s.seed ?? 1);
        // A threshold for every output: the one typed for the shown output, else the stored one,
        // else "below its current value" (the chance of doing worse than today's model).
        const set = mod.compileOutputs(outputs.map((o) => o.expr));
        const now = set.values(await ap.read(set.cells));
        const shown = outputs.find((o) => o.id === shownOutput) ?? outputs[0];
        const thresholds = outputs.flatMap((o, k) => {
          if (o === shown && f.threshold.trim())
            return [
              {
                output: o.expr,
                op: (f.thresholdOp || o.threshold?.op || '<') as ThresholdOp,
                value: num(f.threshold, tx('anThresholdValue')),
              },
            ];
          if (o.threshold) return [{ output: o.expr, ...o.threshold }];
          const v = now[k];
          return typeof v === 'number' && Number.isFinite(v)
            ? [{ output: o.expr, op: (o === shown && f.thresholdOp) || ('<' as ThresholdOp), value: v }]
            : [];
        });
        const result = await mod.monteCarlo(ap, {
          ...opts,
          inputs: specs,
          outputs: outputs.map((o) => o.expr),
          iterations,
          seed,
          sampling: s.sampling,
          bins: s.bins,
          thresholds,
        });
        ran.montecarlo = { result, inputs: labels(inputs), outputs };
        break;
      }
      case 'table': {
        const inputs = d.model.inputs;
        const row = inputs.find((i) => i.id === f.rowInput) ?? inputs[0];
        const col =
          f.colInput === 'none'
            ? undefined
            : (inputs.find((i) => i.id === f.colInput) ?? inputs.find((i) => i.id !== row.id));
        const values = (inp: ModelInput, text: string, field: string) => {
          if (text.trim()) return list(text, field);
          const s = stored(d, inp.id)?.values;
          if (s?.length) return s;
          const b = baseOf(inp.id);
          if (b === undefined) throw new FieldError('anBadNumber', { field, text: '' });
          return [0.8, 0.9, 1, 1.1, 1.2].map((k) => nice(b * k));
        };
        const rows = { ref: row.ref, values: values(row, f.rowValues, `${tx('anValues')}: ${row.label}`) };
        const columns = col
          ? { ref: col.ref, values: values(col, f.colValues, `${tx('anValues')}: ${col.label}`) }
          : undefined;
        const result = await mod.dataTable(ap, {
          ...opts,
          rows,
          ...(columns ? { columns } : {}),
          outputs: outputs.map((o) => o.expr),
        });
        ran.table = { result, inputs: labels(col ? [row, col] : [row]), outputs };
        break;
      }
      case 'goalseek': {
        const goal = d.analysis?.goals[0];
        const out = outputs.find((o) => o.id === (f.goalOutput || goal?.outputId)) ?? outputs[0];
        const inp = d.model.inputs.find((i) => i.id === (f.goalInput || goal?.inputId)) ?? d.model.inputs[0];
        const target = f.target.trim() ? num(f.target, tx('anTarget')) : goal?.target;
        if (target === undefined) throw new FieldError('anBadNumber', { field: tx('anTarget'), text: '' });
        const lo = f.between[0].trim() ? num(f.between[0], tx('anBetweenLow')) : goal?.between?.[0];
        const hi = f.between[1].trim() ? num(f.between[1], tx('anBetweenHigh')) : goal?.between?.[1];
        const between: [number, number] | undefined = lo !== undefined && hi !== undefined ? [lo, hi] : undefined;
        const result = await mod.goalSeek(ap, {
          ...opts,
          input: inp.ref,
          output: out.expr,
          target,
          ...(between ? { between } : {}),
        });
        ran.goalseek = { result, inputs: labels([inp]), outputs: [out] };
        break;
      }
    }
  }

  const run = () =>
    void ctx.act(
      async (st, job) => {
        try {
          await runKind(st.store.doc, job.signal, (done, total) =>
            job.progress(done, total, tx('anRunning', { done, total }))
          );
        } catch (e) {
          const mod = await loadAnalysis();
          if (e instanceof mod.AnalysisError) {
            if (e.code === 'cancelled') ctx.notify({ key: 'anCancelled' }, { at: 'rf-an-run' });
            else ctx.notify({ bilingual: { en: e.message, zh: e.zh } }, { at: 'rf-an-run', kind: 'error' });
            return;
          }
          throw e;
        }
      },
      { at: 'rf-an-run', long: () => tx('working') }
    );

  const writeSheet = (result: AnalysisResult) =>
    void ctx.act(
      async () => {
        const mod = await loadAnalysis();
        const name = await port.addSheet(mod.resultSheet(result));
        ctx.notify({ key: 'sheetWritten', params: { name } }, { at: 'rf-an-write' });
      },
      { at: 'rf-an-write' }
    );

  // ----- results -----
  const numOrNull = (v: CellValue | undefined): number | null =>
    typeof v === 'number' && Number.isFinite(v) ? v : null;
  const cellText = (v: CellValue | undefined, nf?: string): string =>
    v === undefined || v === null
      ? '—'
      : typeof v === 'object'
        ? v.error
        : typeof v === 'number'
          ? fmtNum(v, nf)
          : String(v);

  function table(caption: string, head: string[], rows: string[][], id: string): HTMLElement {
    const tb = dom.h('table', { class: 'rf-an-table', id });
    tb.append(dom.h('caption', { text: caption }));
    tb.append(
      dom.h('thead', {}, [
        dom.h(
          'tr',
          {},
          head.map((h) => dom.h('th', { text: h, attrs: { scope: 'col' } }))
        ),
      ])
    );
    tb.append(
      dom.h(
        'tbody',
        {},
        rows.map((r) =>
          dom.h(
            'tr',
            {},
            r.map((c, i) => dom.h(i === 0 ? 'th' : 'td', { text: c, attrs: i === 0 ? { scope: 'row' } : {} }))
          )
        )
      )
    );
    const details = dom.h('details', { class: 'rf-an-details' }, [dom.h('summary', { text: tx('anShowTable') })]);
    details.append(dom.tableWrap(caption, tb));
    return details;
  }

  function figure(chart: SVGSVGElement, alt: HTMLElement, id: string): HTMLElement {
    return dom.h('figure', { class: 'rf-an-figure', id }, [chart, alt]);
  }

  function outputPicker(outputs: OutputItem[]): { out: OutputItem; k: number; el: HTMLElement } {
    let k = outputs.findIndex((o) => o.id === shownOutput);
    if (k < 0) k = 0;
    const el = select(
      'rf-an-output',
      tx('anOutputShown'),
      outputs.map((o) => [o.id, o.label]),
      outputs[k].id,
      (v) => {
        shownOutput = v;
        // The threshold field belongs to the shown output: a number typed for another one must not carry over.
        f.threshold = '';
        f.thresholdOp = '';
        ctx.rerender();
      }
    );
    return { out: outputs[k], k, el };
  }

  function sensitivityResults(r: Ran<SensitivityResult>, width: number): HTMLElement[] {
    const { out, k, el: picker } = outputPicker(r.outputs);
    const tor = r.result.tornado[k];
    const label = (ref: string) => r.inputs.get(ref) ?? ref;
    const nodes: HTMLElement[] = [picker];
    const base = numOrNull(tor.base);
    const first = tor.bars[0];
    if (first && first.swing !== null) {
      nodes.push(
        dom.h('p', {
          class: 'rf-an-summary',
          text: tx('anBiggest', {
            input: label(first.input),
            output: out.label,
            low: cellText(first.outputLow, out.numberFormat),
            high: cellText(first.outputHigh, out.numberFormat),
          }),
        })
      );
    }
    if (base !== null) {
      const title = tx('anTornadoTitle', { output: out.label });
      const chart = tornadoChart(
        ctx.doc,
        {
          title,
          base,
          bars: tor.bars.map((b) => ({
            label: label(b.input),
            low: b.low,
            high: b.high,
            outputLow: numOrNull(b.outputLow),
            outputHigh: numOrNull(b.outputHigh),
          })),
        },
        chartFormat(out.numberFormat),
        {
          lowLegend: tx('anLowLegend'),
          highLegend: tx('anHighLegend'),
          base: tx('base'),
          notNumber: tx('anNotNumber'),
        },
        width
      );
      const alt = table(
        title,
        [tx('anInput'), tx('anLow'), tx('anHigh'), tx('anAtLow'), tx('anAtHigh'), tx('anSwing')],
        tor.bars.map((b) => [
          label(b.input),
          fmtNum(b.low),
          fmtNum(b.high),
          cellText(b.outputLow, out.numberFormat),
          cellText(b.outputHigh, out.numberFormat),
          b.swing === null ? '—' : fmtNum(b.swing, out.numberFormat),
        ]),
        'rf-an-tornado-table'
      );
      nodes.push(figure(chart, alt, 'rf-an-tornado'));
    } else nodes.push(dom.h('p', { class: 'rf-muted', text: `${out.label}: ${cellText(tor.base)}` }));
    const spider = r.result.spider?.[k];
    if (spider && spider.series.length) {
      const title = tx('anSpiderTitle', { output: out.label });
      const series = spider.series.map((s) => ({
        label: label(s.input),
        points: s.points.map((p) => ({ change: p.change, output: numOrNull(p.output) })),
      }));
      if (series.some((s) => s.points.some((p) => p.output !== null))) {
        const changes = spider.series[0].points.map((p) => p.change);
        const pct = (c: number) => `${c > 0 ? '+' : c < 0 ? '−' : ''}${Number(Math.abs(c * 100).toPrecision(3))}%`;
        const alt = table(
          title,
          [tx('anInput'), ...changes.map(pct)],
          spider.series.map((s) => [label(s.input), ...s.points.map((p) => cellText(p.output, out.numberFormat))]),
          'rf-an-spider-table'
        );
        nodes.push(
          figure(spiderChart(ctx.doc, { title, series }, chartFormat(out.numberFormat), width), alt, 'rf-an-spider')
        );
      }
    }
    return nodes;
  }

  function tableResults(r: Ran<DataTableResult>, width: number): HTMLElement[] {
    const { out, k, el: picker } = outputPicker(r.outputs);
    const g = r.result.grids[k];
    const rowLabel = r.inputs.get(r.result.rows.ref) ?? r.result.rows.ref;
    const colLabel = r.result.columns ? (r.inputs.get(r.result.columns.ref) ?? r.result.columns.ref) : undefined;
    const title = tx('anHeatTitle', { output: out.label });
    const chart = heatmapChart(
      ctx.doc,
      {
        title,
        rowLabel,
        columnLabel: colLabel,
        rows: r.result.rows.values,
        columns: r.result.columns?.values,
        cells: g.cells.map((row) => row.map(numOrNull)),
      },
      chartFormat(out.numberFormat),
      width
    );
    const head = [
      colLabel ? `${rowLabel} \\ ${colLabel}` : rowLabel,
      ...(r.result.columns ? r.result.columns.values.map((v) => fmtNum(v)) : [out.label]),
    ];
    const alt = table(
      title,
      head,
      r.result.rows.values.map((v, i) => [fmtNum(v), ...g.cells[i].map((c) => cellText(c, out.numberFormat))]),
      'rf-an-heat-table'
    );
    return [picker, figure(chart, alt, 'rf-an-heatmap')];
  }

  function opWord(op: ThresholdOp): string {
    return tx(op === '<' ? 'anOpLt' : op === '<=' ? 'anOpLe' : op === '>' ? 'anOpGt' : 'anOpGe');
  }

  function monteCarloResults(r: Ran<MonteCarloResult>, width: number): HTMLElement[] {
    const { out, k, el: picker } = outputPicker(r.outputs);
    const s = r.result.outputs[k].summary;
    const nf = out.numberFormat;
    const nodes: HTMLElement[] = [picker];
    const pctText = (p: number) =>
      new Intl.NumberFormat(lang() === 'zh-CN' ? 'zh-CN' : 'en-US', {
        style: 'percent',
        maximumFractionDigits: 1,
      }).format(p);
    const n = r.result.iterations;
    const nText = new Intl.NumberFormat(lang() === 'zh-CN' ? 'zh-CN' : 'en-US').format(n);
    for (const th of s.thresholds) {
      nodes.push(
        dom.h('p', {
          class: 'rf-an-probability',
          attrs: { 'data-probability': String(th.probability) },
          text: tx('anProbability', {
            p: pctText(th.probability),
            n: nText,
            output: out.label,
            op: opWord(th.op),
            value: fmtNum(th.value, nf),
          }),
        })
      );
    }
    if (s.percentiles && s.mean !== null) {
      const P = s.percentiles;
      nodes.push(
        dom.h('p', {
          class: 'rf-an-summary',
          text: tx('anStats', {
            mean: fmtNum(s.mean, nf),
            p5: fmtNum(P.P5, nf),
            p50: fmtNum(P.P50, nf),
            p95: fmtNum(P.P95, nf),
          }),
        })
      );
      const threshold = s.thresholds[0]?.value;
      const hTitle = tx('anHistTitle', { output: out.label, n: nText });
      const hist = histogramChart(
        ctx.doc,
        { title: hTitle, bins: s.histogram, percentiles: P, threshold },
        chartFormat(nf),
        width
      );
      const hAlt = table(
        hTitle,
        [tx('anFrom'), tx('anTo'), tx('anCount')],
        s.histogram.map((b) => [fmtNum(b.from, nf), fmtNum(b.to, nf), String(b.count)]),
        'rf-an-hist-table'
      );
      nodes.push(figure(hist, hAlt, 'rf-an-histogram'));
      const cTitle = tx('anCdfTitle', { output: out.label });
      const cdf = cdfChart(
        ctx.doc,
        { title: cTitle, points: s.cdf, percentiles: P, threshold },
        chartFormat(nf),
        width
      );
      const rows = (
        [
          ['P5', 0.05],
          ['P10', 0.1],
          ['P50', 0.5],
          ['P90', 0.9],
          ['P95', 0.95],
        ] as const
      ).map(([name, p]) => [name, pctText(p), fmtNum(P[name], nf)]);
      const cAlt = table(
        cTitle,
        ['', tx('anShare'), out.label],
        [...rows, [tx('anMean'), '', fmtNum(s.mean, nf)], [tx('anSd'), '', fmtNum(s.sd ?? 0, nf)]],
        'rf-an-cdf-table'
      );
      nodes.push(figure(cdf, cAlt, 'rf-an-cdf'));
    }
    if (s.nonNumeric > 0) nodes.push(dom.h('p', { class: 'rf-muted', text: tx('anNonNumeric', { n: s.nonNumeric }) }));
    return nodes;
  }

  function goalResults(r: Ran<GoalSeekResult>): HTMLElement[] {
    const out = r.outputs[0];
    return [
      dom.h('p', {
        class: 'rf-an-summary',
        id: 'rf-an-goal-answer',
        attrs: { 'data-value': String(r.result.value) },
        text: tx('anGoalResult', {
          output: out.label,
          target: fmtNum(r.result.target, out.numberFormat),
          input: r.inputs.get(r.result.input) ?? r.result.input,
          value: formatValue(Number(r.result.value.toPrecision(10)), undefined, lang()),
          base: fmtNum(r.result.base.input),
        }),
      }),
    ];
  }

  function results(): HTMLElement | undefined {
    const r = ran[kind];
    if (!r) return undefined;
    const width = chartWidth();
    drawnWidth = width;
    const body =
      kind === 'sensitivity'
        ? sensitivityResults(r as Ran<SensitivityResult>, width)
        : kind === 'table'
          ? tableResults(r as Ran<DataTableResult>, width)
          : kind === 'montecarlo'
            ? monteCarloResults(r as Ran<MonteCarloResult>, width)
            : goalResults(r as Ran<GoalSeekResult>);
    const rec = r.result.record;
    const sec = dom.h(
      'section',
      {
        class: 'rf-card rf-an-results',
        id: 'rf-an-results',
        attrs: { 'aria-labelledby': 'rf-h-an-results', 'data-kind': kind },
      },
      [
        dom.h('h2', { id: 'rf-h-an-results', text: tx('result') }),
        ...body,
        dom.h('p', {
          class: 'rf-muted rf-an-record',
          text: tx('anRecord', { n: rec.evaluations, s: (rec.elapsedMs / 1000).toFixed(1), engine: rec.engine }),
        }),
        dom.h('div', { class: 'rf-actions' }, [
          dom.button(tx('anWriteSheet'), () => writeSheet(r.result), { id: 'rf-an-write' }),
        ]),
      ]
    );
    return sec;
  }

  return {
    render() {
      const state = ctx.state();
      if (!state) return;
      const d = state.store.doc;
      const outputs = outputItems(d);
      if (d.model.inputs.length === 0 || outputs.length === 0) {
        const setup = dom.h('section', { class: 'rf-card' }, [
          dom.h('p', { text: tx('needSetup') }),
          dom.button(tx('goSetup'), () => ctx.show('setup'), { id: 'rf-an-go-setup', primary: true }),
        ]);
        root.replaceChildren(...(d.model.inputs.length ? [setup, outputsCard(d)] : [setup]));
        return;
      }
      loadBases(d.model.inputs);
      const kinds = dom.h('div', { class: 'rf-an-kinds', attrs: { role: 'radiogroup', 'aria-label': tx('anKind') } });
      for (const k of KINDS) {
        const id = `rf-an-kind-${k.id}`;
        const radio = dom.h('input', { id, attrs: { type: 'radio', name: 'rf-an-kind', value: k.id } });
        radio.checked = k.id === kind;
        radio.addEventListener('change', () => {
          if (!radio.checked) return;
          kind = k.id;
          ctx.rerender();
        });
        kinds.append(
          dom.h('div', { class: 'rf-an-kind' }, [radio, dom.h('label', { text: tx(k.label), attrs: { for: id } })])
        );
      }
      const spec = KINDS.find((k) => k.id === kind)!;
      const settings =
        kind === 'sensitivity'
          ? sensitivitySettings(d)
          : kind === 'montecarlo'
            ? monteCarloSettings(d, outputs)
            : kind === 'table'
              ? tableSettings(d)
              : goalSettings(d, outputs);
      const card = dom.h('section', { class: 'rf-card rf-an-settings', attrs: { 'aria-labelledby': 'rf-h-an' } }, [
        dom.h('h2', { id: 'rf-h-an', text: tx('tabAnalysis') }),
        kinds,
        dom.h('p', { class: 'rf-help', text: tx(spec.help) }),
        ...(typeof (port as Partial<TryOutPort>).tryOut === 'function'
          ? []
          : [dom.h('p', { class: 'rf-help', id: 'rf-an-host-note', text: tx('anHostRecalc') })]),
        ...settings,
        dom.h('div', { class: 'rf-actions' }, [
          dom.button(tx('anRun'), run, { id: 'rf-an-run', primary: true }),
          dom.button(tx('anSaveSettings'), saveSettings, { id: 'rf-an-save', disabled: ctx.readOnly() }),
        ]),
      ]);
      const res = results();
      root.replaceChildren(...(res ? [card, res] : [card]), outputsCard(d));
    },
  };
}
