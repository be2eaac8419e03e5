// The price band rule (contract: "Our quotes and the price band"): within guide × (1 − max) …
// guide no approval; below it, or above the guide price, the regional director; below
// guide × (1 − hq) HQ as well; without a band the default 300 / 800.
import { describe, expect, it } from 'vitest';
import { bandFor, classifyQuote, DEFAULT_BAND, type VehicleModel } from '@/api/catalogue';

/** 100,000.00 元 in fen: the max band (3 %) ends at 97,000.00 元, HQ's (8 %) at 92,000.00 元. */
const GUIDE = 10_000_000;
const BAND = { max_discount_bp: 300, hq_discount_bp: 800 };

describe('classifyQuote', () => {
  it('needs no approval exactly at the guide price (discount 0)', () => {
    expect(classifyQuote(GUIDE, GUIDE, BAND)).toEqual({ discount_bp: 0, approval_level: 'none' });
  });

  it('needs the regional director 1 fen above the guide price (a negative discount)', () => {
    const result = classifyQuote(GUIDE, GUIDE + 1, BAND);
    expect(result.approval_level).toBe('regional');
    expect(result.discount_bp).toBeLessThanOrEqual(0);
    expect(Object.is(result.discount_bp, -0)).toBe(false);
    expect(classifyQuote(GUIDE, GUIDE + 150_000, BAND)).toEqual({ discount_bp: -150, approval_level: 'regional' });
  });

  it('needs no approval exactly at the max discount, the regional director 1 fen below', () => {
    expect(classifyQuote(GUIDE, 9_700_000, BAND)).toEqual({ discount_bp: 300, approval_level: 'none' });
    expect(classifyQuote(GUIDE, 9_699_999, BAND)).toEqual({ discount_bp: 300, approval_level: 'regional' });
  });

  it('stays regional exactly at HQ’s discount and needs HQ 1 fen below it', () => {
    expect(classifyQuote(GUIDE, 9_200_000, BAND)).toEqual({ discount_bp: 800, approval_level: 'regional' });
    expect(classifyQuote(GUIDE, 9_199_999, BAND)).toEqual({ discount_bp: 800, approval_level: 'hq' });
    expect(classifyQuote(GUIDE, 5_000_000, BAND)).toEqual({ discount_bp: 5000, approval_level: 'hq' });
  });

  it('is regional between the two bands', () => {
    expect(classifyQuote(GUIDE, 9_500_000, BAND)).toEqual({ discount_bp: 500, approval_level: 'regional' });
  });

  it('compares exactly, not on the rounded discount', () => {
    // 3,333.33 元: 97 % of it is 3,233.3301 元, so 323,333 fen is (just) below the band.
    const guide = 333_333;
    expect(classifyQuote(guide, 323_334, BAND).approval_level).toBe('none');
    expect(classifyQuote(guide, 323_333, BAND).approval_level).toBe('regional');
    expect(classifyQuote(guide, 323_333, BAND).discount_bp).toBe(300);
  });

  it('uses the default 300 / 800 band when the model has none for the method', () => {
    expect(DEFAULT_BAND).toEqual({ max_discount_bp: 300, hq_discount_bp: 800 });
    for (const price of [GUIDE + 1, GUIDE, 9_700_000, 9_699_999, 9_200_000, 9_199_999]) {
      expect(classifyQuote(GUIDE, price, undefined)).toEqual(classifyQuote(GUIDE, price, BAND));
    }
    expect(classifyQuote(GUIDE, 9_699_999).approval_level).toBe('regional');
    expect(classifyQuote(GUIDE, 9_199_999).approval_level).toBe('hq');
  });

  it('follows the model’s own band for the method', () => {
    const model = {
      bands: [
        { procurement_method: 'tender', max_discount_bp: 500, hq_discount_bp: 1200 },
        { procurement_method: 'agreement', max_discount_bp: 0, hq_discount_bp: 0 },
      ],
    } as Pick<VehicleModel, 'bands'>;
    const tender = bandFor(model, 'tender');
    expect(classifyQuote(GUIDE, 9_500_000, tender).approval_level).toBe('none');
    expect(classifyQuote(GUIDE, 8_800_000, tender).approval_level).toBe('regional');
    expect(classifyQuote(GUIDE, 8_799_999, tender).approval_level).toBe('hq');
    // No discount allowed at all: any discount goes to HQ, the guide price itself to nobody.
    const agreement = bandFor(model, 'agreement');
    expect(classifyQuote(GUIDE, GUIDE, agreement).approval_level).toBe('none');
    expect(classifyQuote(GUIDE, GUIDE - 1, agreement).approval_level).toBe('hq');
    // 直接采购 has no band of its own: the default.
    expect(bandFor(model, 'direct')).toBeUndefined();
    expect(classifyQuote(GUIDE, 9_700_000, bandFor(model, 'direct')).approval_level).toBe('none');
  });
});
