/**
 * Agricultural water prices (万州发改资环〔2023〕25号（十二）“坚持‘先建机制、后建工程’，深入推进农业水价
 * 综合改革”; 《国务院办公厅关于推进农业水价综合改革的意见》（国办发〔2016〕2号）): the cost price of
 * irrigation water at operation-and-maintenance level or at full cost, the precision subsidy
 * (精准补贴: “补贴标准根据定额内用水成本与运行维护成本的差额确定，重点补贴种粮农民定额内用水”) and the
 * water-saving reward (节水奖励, for use below quota), and the budget they need for an irrigated area.
 *
 * The reform sets no national number for either: quotas, prices and the reward per m³ are
 * the county's (水行政主管部门 with 发展改革、财政、农业农村), so every one is an argument.
 */

/**
 * Cost price per m³: (om_cost + depreciation) / volume. Without depreciation it is the
 * operation-and-maintenance price the reform asks prices to reach (运行维护成本水平); with it, the
 * full cost (完全成本).
 * @example agriCostPrice(1.2e6, 6e6, 0.6e6) // (1.2 + 0.6) M / 6 M = 0.30 yuan/m³
 */
export function agriCostPrice(omCost: number, volumeM3: number, depreciation = 0): number {
  return (omCost + depreciation) / volumeM3;
}

/**
 * Precision subsidy: area × min(use, quota) × max(0, cost_price − price), per m³ of the water used
 * within quota (over-quota water is not subsidised; a price at or above cost needs none).
 * @example agriSubsidy(20000, 300, 280, 0.3, 0.18) // 20 000 × 280 × 0.12 = 672 000
 */
export function agriSubsidy(
  areaMu: number,
  quotaM3PerMu: number,
  useM3PerMu: number,
  costPrice: number,
  price: number
): number {
  return areaMu * Math.min(useM3PerMu, quotaM3PerMu) * Math.max(0, costPrice - price);
}

/**
 * Water-saving reward: area × max(0, quota − use) × reward_per_m3.
 * @example agriReward(20000, 300, 280, 0.1) // 20 000 × 20 × 0.1 = 40 000
 */
export function agriReward(areaMu: number, quotaM3PerMu: number, useM3PerMu: number, rewardPerM3: number): number {
  return areaMu * Math.max(0, quotaM3PerMu - useM3PerMu) * rewardPerM3;
}
