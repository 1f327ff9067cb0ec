import { describe, expect, it } from 'vitest';
import { formatBound, formatEstimate } from '../../src/report/format-estimate.js';

describe('formatEstimate', () => {
  it('prints a rare outcome as percentages with the noise below the interval\'s precision as 0 (it printed "CI [2.17e-19, 0.00383]")', () => {
    expect(formatEstimate(0, 2.17e-19, 0.00383, { scale: 'probability' })).toEqual({ value: '0%', lo: '0%', hi: '0.38%' });
  });

  it('gives the estimate and both ends one precision: two significant digits of the half-width', () => {
    expect(formatEstimate(0.382, 0.352, 0.413, { scale: 'probability' })).toEqual({ value: '38.2%', lo: '35.2%', hi: '41.3%' });
    expect(formatEstimate(0.022, 0.0146, 0.0331, { scale: 'probability' })).toEqual({ value: '2.20%', lo: '1.46%', hi: '3.31%' });
    expect(formatEstimate(0.0475, 0.0454, 0.0496)).toEqual({ value: '0.0475', lo: '0.0454', hi: '0.0496' });
  });

  it('prints values that round to zero as 0, also when tiny and negative', () => {
    expect(formatEstimate(0, -1e-17, 1e-17)).toEqual({ value: '0', lo: '0', hi: '0' });
    expect(formatEstimate(1e-7, -1e-6, 1.2e-6)).toEqual({ value: '0.0000001', lo: '−0.0000010', hi: '0.0000012' });
    expect(formatEstimate(0, 0, 0)).toEqual({ value: '0', lo: '0', hi: '0' });
  });

  it('signs differences with a true minus, and puts probability differences in percentage points', () => {
    expect(formatEstimate(0.072, 0.054, 0.091, { scale: 'probability', signed: true })).toEqual({ value: '+7.2 pp', lo: '+5.4 pp', hi: '+9.1 pp' });
    expect(formatEstimate(-0.0371, -0.0426, -0.0315, { signed: true })).toEqual({ value: '−0.0371', lo: '−0.0426', hi: '−0.0315' });
  });

  it('caps the decimals at four significant digits of the largest figure when the interval is very narrow', () => {
    expect(formatEstimate(1000.5, 1000.4999999, 1000.5000001).value).toBe('1001');
  });

  it('shows an undefined estimate as n/a and an unbounded end as ∞', () => {
    expect(formatEstimate(NaN, NaN, NaN)).toEqual({ value: 'n/a', lo: 'n/a', hi: 'n/a' });
    expect(formatEstimate(0.5, -Infinity, Infinity).lo).toBe('−∞');
  });
});

describe('formatBound', () => {
  it('prints a bound as written, a probability as a percentage and a difference with its sign', () => {
    expect(formatBound(0.05, { scale: 'probability' })).toBe('5%');
    expect(formatBound(0.0025, { scale: 'probability' })).toBe('0.25%');
    expect(formatBound(0.1, { scale: 'probability', signed: true })).toBe('+10 pp');
    expect(formatBound(0, { signed: true })).toBe('0');
    expect(formatBound(-0.5)).toBe('−0.5');
  });
});
