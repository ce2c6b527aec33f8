/**
 * Government purchase of services (政府购买服务), such as ecological replenishment of rivers,
 * lakes and wetlands with reclaimed water.
 *
 * Source: 万州发改资环〔2023〕25号（十二）“对于提供公共生态环境服务功能的河湖湿地生态补水、
 * 景观环境用水使用再生水的，鼓励采用政府购买服务的方式推动污水资源化利用”;（十三）
 * 鼓励社会资金通过特许经营、政府购买服务等方式参与再生水利用设施建设和运营.
 */

/**
 * Yearly payment for a purchased service:
 * max(volume, guaranteed_volume) × unit_price × compliance_rate.
 * The guaranteed (保底) volume is paid even if less is delivered; the compliance rate
 * (水质达标率, a share in [0, 1], checked by the registry) scales the payment down for
 * non-compliant deliveries and never above the full amount.
 *
 * @example governmentPurchase(3650000, 0.841, 0.98, 3000000) // 3 650 000 × 0.841 × 0.98 = 3 008 257
 */
export function governmentPurchase(
  volumeM3: number,
  unitPrice: number,
  complianceRate = 1,
  guaranteedVolumeM3 = 0
): number {
  return Math.max(volumeM3, guaranteedVolumeM3) * unitPrice * complianceRate;
}
