import { InvalidArgumentError } from 'commander';

/** A commander argument parser for whole numbers with a lower bound. */
export function parseInteger(name: string, min = 0) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
    const n = Number(value);
    if (n < min) throw new InvalidArgumentError(`${name} must be at least ${min}`);
    return n;
  };
}
