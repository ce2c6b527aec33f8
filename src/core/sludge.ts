/**
 * Sludge treatment and disposal (万州发改资环〔2023〕25号（三）“持续推进污泥无害化资源化处理”，
 * 2025 年城市污水厂污泥无害化处置率 97 % 以上；（六）推进一批污泥无害化资源化利用工程): dry solids from
 * wet tonnes, the yearly cost by route (incineration, land application, building materials,
 * landfill) per tonne of dry solids, and its weight in the sewage charge.
 *
 * The national rules put sludge into the cost the sewage charge recovers: 《城镇排水与污水处理条例》
 * （国务院令第641号）第三十二条 (污水处理费专项用于城镇污水处理设施的建设、运行和污泥处理处置);
 * 发改价格〔2015〕119号 (收费标准要补偿污水处理和污泥处置设施的运营成本并合理盈利). No national
 * figure exists for the cost per tonne by route: the catalogue's `sludge.cost.*` are the bureau's
 * working assumptions, to be replaced by the district's contract prices.
 */

/** Disposal routes named in the action rules' clause (三). */
export enum SludgeRoute {
  Incineration = 'incineration',
  Land = 'land',
  Building = 'building',
  Landfill = 'landfill',
}

/**
 * Tonnes of dry solids in wet sludge: wet_tonnes × (1 − moisture).
 * @example drySolids(36500, 0.8) // 7 300 t DS
 */
export function drySolids(wetTonnes: number, moisture: number): number {
  return wetTonnes * (1 - moisture);
}

/**
 * Yearly cost of treating and disposing of `dryTonnes` of dry solids:
 * dry × unit_cost_per_t_ds + wet × transport_per_t_km × distance_km − dry × revenue_per_t_ds,
 * wet = dry / (1 − moisture) (transport is paid per wet tonne hauled).
 * @example sludgeCost(7300, 1500, 0.8, 2, 60, 0) // 10.95 M + 36 500 × 120 = 15.33 M
 */
export function sludgeCost(
  dryTonnes: number,
  unitCostPerTds: number,
  moisture: number,
  transportPerTkm = 0,
  distanceKm = 0,
  revenuePerTds = 0
): number {
  const wet = dryTonnes / (1 - moisture);
  return dryTonnes * (unitCostPerTds - revenuePerTds) + wet * transportPerTkm * distanceKm;
}
