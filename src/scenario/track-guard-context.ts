/**
 * The `when` guard reads its checker from the event the runner sends ({ type, check }). XState's
 * initial transition carries no event of ours, so during that call the runner puts the checker here.
 * Calls are synchronous, so one slot suffices.
 */
export const trackGuardContext: {
  initial: ((expr: string) => boolean) | undefined;
  /** Counts a pass through an eventless transition (the `eventlessStep` guard); set during a step. */
  step: (() => void) | undefined;
} = { initial: undefined, step: undefined };

export function guardCheck(event: unknown, expr: string): boolean {
  const check = (event as { check?: (expr: string) => boolean }).check ?? trackGuardContext.initial;
  if (!check) throw new Error(`guard '${expr}' evaluated outside a simulation step`);
  return check(expr);
}

/** The `eventlessStep` guard: always passes, and lets the runner count eventless passes. */
export function eventlessStep(): boolean {
  trackGuardContext.step?.();
  return true;
}
