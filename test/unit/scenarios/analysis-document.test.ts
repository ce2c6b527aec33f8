/**
 * Schema version 2: the analysis settings (ranges, value lists, distributions, analysis outputs
 * with thresholds, goals, correlations) stored beside the model. Version 1 documents open
 * unchanged and stay version 1; version 3 and later stay read-only; a version 2 document this
 * version cannot use is read-only with a bilingual reason.
 */
import { parseDocument, serialiseDocument } from '../../../src/scenarios/document';
import { AnalysisModel, ScenarioDocument, emptyAnalysis, withAnalysis } from '../../../src/scenarios/types';

const T = '2026-01-31T08:00:00.000Z';

function v1(): ScenarioDocument {
  return {
    schemaVersion: 1,
    model: {
      inputs: [
        { id: 'in1', ref: 'sewage_fee', label: '污水处理服务费', unit: '元/m³' },
        { id: 'in2', ref: 'central_expected_share', label: '中央资金预期比例', unit: '' },
      ],
      outputs: [{ id: 'out1', ref: "'评价'!C12", label: '项目净现值', unit: '元', numberFormat: '#,##0' }],
    },
    scenarios: [
      {
        id: 's1',
        name: 'Base',
        note: '',
        bureau: '财政局',
        author: '',
        created: T,
        modified: T,
        values: { in1: 1.75 },
      },
    ],
  };
}

function analysis(): AnalysisModel {
  return {
    inputs: [
      {
        inputId: 'in1',
        low: 1.5,
        high: 2.1,
        values: [1.5, 1.75, 2],
        distribution: { type: 'triangular', min: 1.5, mode: 1.75, max: 2.1 },
      },
      { inputId: 'in2', distribution: { type: 'discrete', values: [0.4, 0.6, 0.8], weights: [1, 2, 1] } },
    ],
    outputs: [
      {
        id: 'minDscr',
        expr: "min('资本金现金流'!AC6:AC33)",
        label: '最低偿债备付率',
        unit: '倍',
        threshold: { op: '<', value: 1.2 },
      },
    ],
    goals: [{ id: 'g1', inputId: 'in1', outputId: 'minDscr', target: 1.3, between: [1, 10] }],
    correlations: [{ a: 'in1', b: 'in2', rho: 0.3 }],
    settings: { iterations: 5000, seed: 42, sampling: 'lhs', delta: 0.1 },
  };
}

describe('schema version 2', () => {
  it('a version 1 document opens unchanged and serialises to the same text', () => {
    const text = serialiseDocument(v1());
    const r = parseDocument(text);
    expect(r).toEqual({ status: 'ok', doc: v1() });
    if (r.status === 'ok') expect(serialiseDocument(r.doc)).toBe(text);
  });
  it('withAnalysis makes it version 2, which opens with every setting; without settings it is version 1 again', () => {
    const doc = withAnalysis(v1(), analysis());
    expect(doc.schemaVersion).toBe(2);
    const r = parseDocument(serialiseDocument(doc));
    expect(r).toEqual({ status: 'ok', doc });
    expect(withAnalysis(doc, undefined)).toEqual(v1());
    expect(parseDocument(serialiseDocument(withAnalysis(v1(), emptyAnalysis()))).status).toBe('ok');
  });
  it('version 1 with analysis settings, or version 2 without, does not match its schema', () => {
    expect(parseDocument(JSON.stringify({ ...v1(), analysis: analysis() })).status).toBe('read-only');
    expect(parseDocument(JSON.stringify({ ...v1(), schemaVersion: 2 })).status).toBe('read-only');
  });
  it('version 3 stays read-only, saying to update the add-in', () => {
    const r = parseDocument(JSON.stringify({ ...withAnalysis(v1(), analysis()), schemaVersion: 3 }));
    expect(r).toMatchObject({
      status: 'read-only',
      reason: { en: expect.stringMatching(/newer version.*schema version 3/) },
    });
  });
  it.each([
    ['an unknown input', (a: AnalysisModel) => (a.inputs[0].inputId = 'in9'), /unknown input in9/, /未知输入项 in9/],
    [
      'a distribution with min > max',
      (a: AnalysisModel) => (a.inputs[0].distribution = { type: 'uniform', min: 3, max: 1 }),
      /input in1: uniform needs min < max/,
      /均匀分布需要 min < max/,
    ],
    [
      'a distribution of an unknown type',
      (a: AnalysisModel) => ((a.inputs[0].distribution as unknown) = { type: 'gamma', k: 1 }),
      /expected format/,
      /格式不符/,
    ],
    [
      'an output that is not a cell or aggregate',
      (a: AnalysisModel) => (a.outputs[0].expr = 'WEBSERVICE("http://x")'),
      /not a cell, a defined name or an aggregate/,
      /不是单元格、名称或区域汇总/,
    ],
    [
      'a goal on an unknown output',
      (a: AnalysisModel) => (a.goals[0].outputId = 'nope'),
      /goal g1 names unknown output nope/,
      /未知输出项 nope/,
    ],
    [
      'an analysis output id equal to a model output id',
      (a: AnalysisModel) => (a.outputs[0].id = 'out1'),
      /duplicate id out1/,
      /编号 out1 重复/,
    ],
    ['a correlation of 1', (a: AnalysisModel) => (a.correlations[0].rho = 1), /−1 < rho < 1/, /相关系数/],
    ['only a low value', (a: AnalysisModel) => delete a.inputs[0].high, /low and high/, /低值与高值/],
    ['a seed of 0', (a: AnalysisModel) => (a.settings.seed = 0), /expected format/, /格式不符/],
  ])('%s → read-only, with the reason in both languages', (_, mutate, en, zh) => {
    const a = analysis();
    mutate(a);
    const r = parseDocument(JSON.stringify(withAnalysis(v1(), a)));
    expect(r.status).toBe('read-only');
    if (r.status !== 'read-only') return;
    expect(r.reason.en).toMatch(en);
    expect(r.reason.zh).toMatch(zh);
  });
});
