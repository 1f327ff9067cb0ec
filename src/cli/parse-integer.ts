import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for whole numbers between `min` and `max` (default: the largest
 * integer a double holds exactly, 2^53 - 1: beyond it `10^20` and `10^20 + 1` are the same number).
 */
export function parseInteger(name: string, min = 0, max = Number.MAX_SAFE_INTEGER, why?: string) {
  return (value: string): number => {
    if (!/^\s*-?\d+\s*$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
    const n = Number(value);
    if (n < min) throw new InvalidArgumentError(`${name} must be at least ${min.toLocaleString('en-US')}`);
    if (n > max) throw new InvalidArgumentError(`${name} must be at most ${max.toLocaleString('en-US')}${why ? ` (${why})` : ''}`);
    return n;
  };
}
