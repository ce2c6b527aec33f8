/**
 * The policy catalogue: every policy number the product uses, once, with its unit and its
 * source (document number and clause). The data lives in `policy-catalogue.json`.
 */
import catalogue from './policy-catalogue.json';
import { CalcError, naError } from './errors';

/** What kind of number an entry is. */
export enum PolicyStatus {
  /** A current rule, quoted from the source. */
  Rule = 'rule',
  /** A rule that now applies only to projects signed before it was replaced (PPP under 财金〔2015〕21号: 存量项目). */
  Legacy = 'legacy',
  /** The bureau's own working assumption: no current public figure was found (the note says why). */
  Assumption = 'assumption',
}

export interface PolicyEntry {
  key: string;
  /** A number, or a list of numbers (tier coverages, tier ratios). */
  value: number | number[];
  unit: string;
  source: string;
  note: { zh: string; en: string };
  /** "rule" unless the catalogue says otherwise. */
  status: PolicyStatus;
}

export enum PolicyField {
  Value = 'value',
  Unit = 'unit',
  Source = 'source',
  /** The note in Chinese (the policy's own language). */
  Note = 'note',
  /** The note in English. */
  NoteEn = 'note_en',
  /** "rule", "legacy" (signed projects only) or "assumption" (the bureau's own, not a rule). */
  Status = 'status',
}

const STATUSES = new Set<string>(Object.values(PolicyStatus));

const ENTRIES: readonly PolicyEntry[] = Object.entries(catalogue.entries).map(([key, e]) => {
  const status = 'status' in e ? e.status : PolicyStatus.Rule;
  if (!STATUSES.has(status)) throw new Error(`policy catalogue: ${key} has an unknown status "${status}"`);
  return { key, value: e.value, unit: e.unit, source: e.source, note: e.note, status: status as PolicyStatus };
});
const BY_KEY = new Map(ENTRIES.map((e) => [e.key, e]));

/** All entries, in catalogue order. */
export function policyEntries(): readonly PolicyEntry[] {
  return ENTRIES;
}

/**
 * Looks up a key (case-insensitive, surrounding spaces ignored). `#N/A` for an unknown key.
 * @example policyLookup('wanzhou.target.sewer_km') // {value: 150, unit: 'km', source: '万州发改资环〔2023〕25号（三）', …}
 */
export function policyLookup(key: string): PolicyEntry | CalcError {
  return BY_KEY.get(key.trim().toLowerCase()) ?? naError('unknownPolicyKey', { key });
}

/** The numeric value of a key, for code that needs a policy default. Throws on an unknown key (a programming error). */
export function policyNumber(key: string): number {
  const e = BY_KEY.get(key);
  if (!e || typeof e.value !== 'number') throw new Error(`policy catalogue has no numeric key ${key}`);
  return e.value;
}

/** The list value of a key (tier coverages, ratios). Throws on an unknown key (a programming error). */
export function policyList(key: string): number[] {
  const e = BY_KEY.get(key);
  if (!e || !Array.isArray(e.value)) throw new Error(`policy catalogue has no list key ${key}`);
  return e.value;
}

/** One field of an entry. A list value is returned as a list. */
export function policyField(e: PolicyEntry, field: PolicyField): number | number[] | string {
  switch (field) {
    case PolicyField.Value:
      return e.value;
    case PolicyField.Unit:
      return e.unit;
    case PolicyField.Source:
      return e.source;
    case PolicyField.Note:
      return e.note.zh;
    case PolicyField.NoteEn:
      return e.note.en;
    case PolicyField.Status:
      return e.status;
  }
}

/** A list value as an array constant, for places that need one cell: `{0.8,0.95}`. */
export function formatPolicyValue(value: number | number[]): number | string {
  return Array.isArray(value) ? `{${value.join(',')}}` : value;
}
