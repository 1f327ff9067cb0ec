import { didYouMean } from '../scenario/did-you-mean.js';

/** "did you mean 'X'? " when a candidate is close to `name`, else "" (never a list of everything). */
export function similarName(name: string, candidates: Iterable<string>): string {
  const hint = didYouMean(name, candidates);
  return hint?.startsWith('did you mean') ? `${hint} ` : '';
}
