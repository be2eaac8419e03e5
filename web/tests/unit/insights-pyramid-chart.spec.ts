// The value pyramid page (issue 11, defect 8): the planning document's two pyramids, by count
// (apex up) and by value (apex down), each tier's area its share, captioned with the key
// accounts' measured shares — never a fixed "约 80 %".
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '@/locales';
import { pyramidCaptions, pyramidRows, pyramidTiers } from '@/views/insights/insights-format';

const i18n = createAppI18n('zh-CN');
const t = (key: string, named?: Record<string, unknown>) => i18n.global.t(key, named ?? {});
const en = createAppI18n('en');
const tEn = (key: string, named?: Record<string, unknown>) => en.global.t(key, named ?? {});

// 10 key accounts of 50 (20 %) bring 600 of 1,000 units (60 %).
const pyramid = {
  total_accounts: 50,
  total_units: 1000,
  grades: [
    { grade: 'key' as const, accounts: 10, account_share: 0.2, units: 600, unit_share: 0.6 },
    { grade: 'secondary' as const, accounts: 15, account_share: 0.3, units: 300, unit_share: 0.3 },
    { grade: 'potential' as const, accounts: 25, account_share: 0.5, units: 100, unit_share: 0.1 },
  ],
};

/** A polygon's area (shoelace). */
const area = (points: [number, number][]) =>
  Math.abs(points.reduce((sum, [x, y], i) => {
    const [nx, ny] = points[(i + 1) % points.length]!;
    return sum + x * ny - nx * y;
  }, 0)) / 2;

describe('the two pyramids', () => {
  it('caption the measured shares, not the plan’s 80 %', () => {
    const captions = pyramidCaptions(pyramid, t, 'zh-CN')!;
    expect(captions.count).toBe('数量金字塔：重点客户占客户数的 20%');
    expect(captions.value).toBe('价值金字塔：重点客户贡献交车量的 60%');
    expect(`${captions.count}${captions.value}`).not.toContain('80');
    expect(pyramidCaptions(pyramid, tEn, 'en')!.value).toBe('Value pyramid: key accounts bring 60% of the delivered units');
  });

  it('says when nothing was delivered, and gives no captions without accounts', () => {
    const none = { ...pyramid, total_units: 0, grades: pyramid.grades.map((g) => ({ ...g, units: 0, unit_share: 0 })) };
    expect(pyramidCaptions(none, t, 'zh-CN')!.value).toBe('价值金字塔：该期间尚无交车');
    expect(pyramidCaptions({ total_accounts: 0, total_units: 0, grades: [] }, t, 'zh-CN')).toBeNull();
  });

  it('draws the count pyramid apex up and the value pyramid apex down, key accounts on top', () => {
    const rows = pyramidRows(pyramid);
    const count = pyramidTiers(rows, 'count');
    const value = pyramidTiers(rows, 'value');
    expect(count.map((tier) => tier.grade)).toEqual(['key', 'secondary', 'potential']);
    // apex up: the key tier starts at a point at the top; apex down: the potential tier ends at one
    expect(count[0]!.points[0]).toEqual([0.5, 0]);
    expect(count[0]!.points[1]).toEqual([0.5, 0]);
    expect(value[0]!.points[0]).toEqual([0, 0]);
    expect(value[2]!.points[2]).toEqual([0.5, 1]);
    expect(value[2]!.points[3]).toEqual([0.5, 1]);
  });

  it('gives each tier the area of its share, and keeps the labels apart', () => {
    const rows = pyramidRows(pyramid);
    for (const kind of ['count', 'value'] as const) {
      const tiers = pyramidTiers(rows, kind);
      const whole = tiers.reduce((sum, tier) => sum + area(tier.points), 0);
      expect(whole).toBeCloseTo(0.5, 3);
      for (const tier of tiers) expect(area(tier.points) / whole).toBeCloseTo(tier.share, 3);
      for (let i = 1; i < tiers.length; i += 1) expect(tiers[i]!.labelY - tiers[i - 1]!.labelY).toBeGreaterThanOrEqual(0.17 - 1e-9);
    }
    expect(pyramidTiers(rows, 'count').map((tier) => tier.share)).toEqual([0.2, 0.3, 0.5]);
    expect(pyramidTiers(rows, 'value').map((tier) => tier.share)).toEqual([0.6, 0.3, 0.1]);
  });
});
