/** Registry entries for the POLICY group: parameters with their sources. */
import { isCalcError } from '../core/errors';
import { PolicyField, formatPolicyValue, policyEntries, policyField, policyLookup } from '../core/policy';
import type { FunctionSpec } from './types';
import { defineFunction } from './define';

const FIELD_COLUMNS = 5;

export const POLICY_FUNCTIONS: FunctionSpec[] = [
  defineFunction({
    id: 'POLICY',
    description: {
      en: 'A policy parameter from the built-in catalogue, with its source',
      zh: '内置政策参数库中的参数及其出处',
    },
    formula:
      'Looks up key (any case). field "value" (default; a list value spills as a row), "unit", "source" (document number and clause), "note" (Chinese) or "note_en" (English), ' +
      '"status": "rule" (a current rule), "legacy" (binds only projects already signed, e.g. the PPP caps of 财金〔2015〕21号 and 财金〔2019〕10号 for 存量项目) or ' +
      '"assumption" (the bureau\'s own working figure where no current public rule was found, e.g. central.*; its note starts with 【本局假设，非现行规定】). Unknown key → #N/A.',
    params: [
      {
        kind: 'text',
        name: 'key',
        description: {
          en: 'Catalogue key, e.g. "wanzhou.target.sewer_km" (see REUSE.POLICY.LIST)',
          zh: '参数键，如 "wanzhou.target.sewer_km"（见 REUSE.POLICY.LIST）',
        },
      },
      {
        kind: 'keyword',
        name: 'field',
        optional: true,
        default: PolicyField.Value,
        options: {
          [PolicyField.Value]: ['value', '数值'],
          [PolicyField.Unit]: ['unit', '单位'],
          [PolicyField.Source]: ['source', '来源'],
          [PolicyField.Note]: ['note', '说明'],
          [PolicyField.NoteEn]: ['note_en', '英文说明'],
          [PolicyField.Status]: ['status', '性质'],
        },
        description: {
          en: '"value" (default), "unit", "source", "note" (zh-CN), "note_en" (en-US) or "status" (rule/legacy/assumption)',
          zh: '"value"/"数值"（默认）、"unit"/"单位"、"source"/"来源"、"note"/"说明"、"note_en"/"英文说明"、"status"/"性质"',
        },
      },
    ],
    result: {
      kind: 'array',
      size: (shapes) => {
        const key = shapes[0]?.literal;
        if (typeof key !== 'string') return undefined;
        const e = policyLookup(key);
        const field = shapes[1]?.literal;
        const isValue = field === undefined || field === null || /^(value|数值)$/i.test(String(field).trim());
        return !isCalcError(e) && Array.isArray(e.value) && isValue
          ? { rows: 1, cols: e.value.length }
          : { rows: 1, cols: 1 };
      },
    },
    compute: (a) => {
      const e = policyLookup(a.key);
      if (isCalcError(e)) return e;
      const v = policyField(e, a.field);
      return Array.isArray(v) ? [v] : v;
    },
    examples: [
      {
        formula: 'REUSE.POLICY("wanzhou.target.city_sewage_treatment")',
        expected: 0.98,
        source: '万州发改资环〔2023〕25号（三）',
      },
      {
        formula: 'REUSE.POLICY("wanzhou.target.new_capacity_m3_per_day")',
        expected: 72600,
        source: '万州发改资环〔2023〕25号（三）: 7.26万吨',
      },
      { formula: 'REUSE.POLICY("tariff.tier_ratio")', expected: [[1, 1.5, 3]], source: '发改价格〔2013〕2676号' },
      { formula: 'REUSE.POLICY("WANZHOU.TARGET.SEWER_KM","单位")', expected: 'km', source: 'catalogue' },
      {
        formula: 'REUSE.POLICY("ppp.concession_term_max")',
        expected: 40,
        source: '《基础设施和公用事业特许经营管理办法》（2024年第17号令）：原则上不超过40年',
      },
      {
        formula: 'REUSE.POLICY("ppp.fiscal_cap","status")',
        expected: 'legacy',
        source: '财金〔2015〕21号: binds projects signed before 国办函〔2023〕115号 (存量项目)',
      },
      {
        formula: 'REUSE.POLICY("central.share.west","性质")',
        expected: 'assumption',
        source: "the 2024 measure's share could not be verified: the bureau's assumption",
      },
    ],
  }),
  defineFunction({
    id: 'POLICY.LIST',
    description: {
      en: 'The whole policy catalogue: key, value, unit, source, note',
      zh: '全部政策参数：键、数值、单位、出处、说明',
    },
    formula:
      'One row per catalogue entry: key, value (a list value as an array constant such as {0.8,0.95}), unit, source, note (zh-CN). ' +
      "Notes of rules that bind only signed PPP projects start with 【存量项目】, the bureau's own assumptions with 【本局假设，非现行规定】; " +
      'REUSE.POLICY(key,"status") gives "rule", "legacy" or "assumption".',
    params: [],
    result: { kind: 'array', size: () => ({ rows: policyEntries().length, cols: FIELD_COLUMNS }) },
    compute: () => policyEntries().map((e) => [e.key, formatPolicyValue(e.value), e.unit, e.source, e.note.zh]),
    examples: [],
  }),
];
