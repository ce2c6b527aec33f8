/**
 * Energy from the plant (万州发改资环〔2023〕25号（十）“探索推广应用‘污水处理厂+尾水发电’‘污水处理厂
 * +分布式光伏发电’‘污水处理厂+沼气发电’，提供自发自用的清洁能源”；（六）污水能源利用、污泥热能利用、
 * 光伏发电): yearly generation of rooftop or over-tank solar, sludge biogas and tail-water hydro;
 * the split between power the plant uses itself (capped by its own load) and power exported;
 * the yearly value at the local tariffs; payback; the levelised cost of the power.
 *
 * Generation figures (full-load hours, gas yields, efficiencies) depend on the site and the
 * equipment: the defaults are the bureau's working assumptions (catalogue status "assumption"),
 * to be replaced by the feasibility study's figures.
 */
import { CalcError, formatNumber, naError } from './errors';

/** Standard gravity, m/s² (CGPM 1901), and the density of water, kg/m³: hydro energy = ρ g V H η. */
export const GRAVITY = 9.80665;
export const WATER_DENSITY = 1000;
/** Lower heating value of methane, MJ/m³ at 0 °C and 101.325 kPa (≈ 35.8; 1 kWh = 3.6 MJ). */
export const METHANE_LHV_MJ_PER_M3 = 35.8;

/**
 * Solar generation in operating year `year` (1 = first): capacity_kw × full_load_hours ×
 * (1 − first_year_loss) × (1 − annual_loss)^(year − 1).
 * @example solarGeneration(1000, 1000, 1, 0.02, 0.0055) // 980 000 kWh
 */
export function solarGeneration(
  capacityKw: number,
  fullLoadHours: number,
  year = 1,
  firstYearLoss = 0,
  annualLoss = 0
): number {
  return capacityKw * fullLoadHours * (1 - firstYearLoss) * (1 - annualLoss) ** (year - 1);
}

/**
 * Electricity from sludge biogas, kWh per year:
 * dry_solids_t × 1000 × volatile_share × vs_destruction × gas_yield × methane_share × LHV(CH₄) / 3.6 × electric_efficiency
 * (kg of volatile solids destroyed × m³ biogas per kg × methane share × 35.8 MJ/m³ ÷ 3.6 MJ/kWh × engine efficiency).
 * @example biogasGeneration(10000, 0.5, 0.4, 0.9, 0.6, 0.35) // 2 000 t VS destroyed → 1.8 M m³ biogas → 1.08 M m³ CH₄ × 35.8 / 3.6 × 0.35 = 3 759 000 kWh
 */
export function biogasGeneration(
  dryTonnes: number,
  volatileShare: number,
  vsDestruction: number,
  gasYieldM3PerKg: number,
  methaneShare: number,
  electricEfficiency: number
): number {
  const biogasM3 = dryTonnes * 1000 * volatileShare * vsDestruction * gasYieldM3PerKg;
  return (biogasM3 * methaneShare * METHANE_LHV_MJ_PER_M3 * electricEfficiency) / 3.6;
}

/**
 * Tail-water hydro, kWh per year: ρ g V H η / 3.6e6 (V the yearly flow through the turbine in m³,
 * H the net head in m).
 * @example hydroGeneration(36.5e6, 5, 0.7) // 36.5 M × 1000 × 9.80665 × 5 × 0.7 / 3.6 M = 348 000 kWh (347 999.87)
 */
export function hydroGeneration(annualVolumeM3: number, headM: number, efficiency: number): number {
  return (WATER_DENSITY * GRAVITY * annualVolumeM3 * headM * efficiency) / 3.6e6;
}

/**
 * Self-consumed vs exported power and their yearly value, as a row:
 * [self_kwh, export_kwh, saving, export_revenue, total], with
 * self_kwh = min(generation × coincidence, plant_load) — the plant's own load caps what it can
 * use, and `coincidence` is the share of generation produced while the plant runs (1 = all) —,
 * export_kwh = generation − self_kwh, saving = self_kwh × grid_price, export_revenue = export_kwh × export_price.
 * @example energySplit(1e6, 8e6, 0.65, 0.3964, 1) // [1e6, 0, 650 000, 0, 650 000]
 */
export function energySplit(
  generationKwh: number,
  plantLoadKwh: number,
  gridPrice: number,
  exportPrice: number,
  coincidence = 1
): [number, number, number, number, number] {
  const self = Math.min(generationKwh * coincidence, plantLoadKwh);
  const exported = generationKwh - self;
  const saving = self * gridPrice;
  const revenue = exported * exportPrice;
  return [self, exported, saving, revenue, saving + revenue];
}

/**
 * Simple payback in years: capex / (annual_value − annual_opex); `#N/A` when the net yearly
 * value is ≤ 0 (it never pays back).
 * @example energyPayback(4e6, 650e3, 50e3) // 6.6667
 */
export function energyPayback(capex: number, annualValue: number, annualOpex: number): number | CalcError {
  const net = annualValue - annualOpex;
  if (!(net > 0)) return naError('noNetSaving', { got: formatNumber(net) });
  return capex / net;
}

/**
 * Levelised cost of energy, yuan/kWh: (capex + Σ_t opex/(1+r)^t) / Σ_t kWh_t/(1+r)^t, t = 1…n,
 * kWh_t = annual_kwh × (1 − annual_loss)^(t−1). With no loss it is (capex × CRF + opex) / kWh.
 * @example levelisedCostOfEnergy(4e6, 50e3, 1e6, 25, 0) // (4 M / 25 + 50 000) / 1 M = 0.21
 */
export function levelisedCostOfEnergy(
  capex: number,
  annualOpex: number,
  annualKwh: number,
  lifeYears: number,
  discountRate: number,
  annualLoss = 0
): number {
  let cost = capex;
  let energy = 0;
  let df = 1;
  for (let t = 1; t <= lifeYears; t++) {
    df /= 1 + discountRate;
    cost += annualOpex * df;
    energy += annualKwh * (1 - annualLoss) ** (t - 1) * df;
  }
  return cost / energy;
}
