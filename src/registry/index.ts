/**
 * The registry: every REUSE function, declared once. Excel metadata (en-US and zh-CN), the
 * engine's registrations, the function reference and the parity tests all derive from this list.
 */
import { AGRI_FUNCTIONS } from './agriwater';
import { BOND_FUNCTIONS } from './bond';
import { ENERGY_FUNCTIONS } from './energy';
import { GREEN_FUNCTIONS, REIT_FUNCTIONS } from './greenfin';
import { POLICY_FUNCTIONS } from './policy';
import { PPP_FUNCTIONS } from './ppp';
import { PRICE_FUNCTIONS } from './pricing';
import { PROJECT_FUNCTIONS } from './project';
import { SERVICE_FUNCTIONS } from './service';
import { SEWAGE_FUNCTIONS } from './sewage';
import { SLUDGE_FUNCTIONS } from './sludge';
import { TARIFF_FUNCTIONS } from './tariff';
import { TAX_FUNCTIONS } from './tax';
import type { FunctionSpec } from './types';

export const NAMESPACE = 'REUSE';

export const FUNCTIONS: readonly FunctionSpec[] = [
  ...TARIFF_FUNCTIONS,
  ...SEWAGE_FUNCTIONS,
  ...PRICE_FUNCTIONS,
  ...SERVICE_FUNCTIONS,
  ...PPP_FUNCTIONS,
  ...BOND_FUNCTIONS,
  ...TAX_FUNCTIONS,
  ...PROJECT_FUNCTIONS,
  ...POLICY_FUNCTIONS,
  ...GREEN_FUNCTIONS,
  ...REIT_FUNCTIONS,
  ...ENERGY_FUNCTIONS,
  ...SLUDGE_FUNCTIONS,
  ...AGRI_FUNCTIONS,
];

const BY_ID = new Map(FUNCTIONS.map((f) => [f.id, f]));

/** `TARIFF.TIERED` → spec; also accepts the full name `REUSE.TARIFF.TIERED` (any case). */
export function findFunction(name: string): FunctionSpec | undefined {
  const id = name.toUpperCase().replace(/^REUSE\./, '');
  return BY_ID.get(id);
}

export const fullName = (f: FunctionSpec): string => `${NAMESPACE}.${f.id}`;

export { invoke } from './invoke';
export type * from './types';
