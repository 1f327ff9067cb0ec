import type { LintRule } from '../lint-rule.js';
import { EXPLORER, type SampleWitness } from '../sample-positions.js';

function where(w: SampleWitness, seed: string): string {
  const who = w.strategy === EXPLORER ? 'the exploring host' : `strategy '${w.strategy}'`;
  return `round ${w.round} of run ${w.run} with ${who}, seed '${seed}'`;
}

function share(n: number, of: number): string {
  return `${n} of ${of} (${((100 * n) / of).toFixed(n === of ? 0 : 1)}%)`;
}

/**
 * W_DEAL_BELOW_RESERVATION: in the sampled runs, deals on a track were signed on terms worth less to
 * a side than its reservation value at that moment (RunResult.dealMargin). A counterpart that signs
 * below its reservation, whatever the host offered, is accepting what it should refuse: its
 * acceptance probability does not depend on the offer against its reservation (or depends on it
 * with a floor). The host signing below its own reservation under a strategy is a scripted artefact:
 * a rule that signs whatever the terms. Either makes a batch's deals say more about the script than
 * about the talks.
 */
export const dealBelowReservation: LintRule = {
  code: 'W_DEAL_BELOW_RESERVATION',
  summary: "deals signed on terms worth less to a side than its reservation value (the counterpart's under any host, the host's under a strategy)",
  sampled: true,
  check(ctx) {
    const facts = ctx.samples();
    const out = [];
    for (const [track, s] of facts.belowReservation) {
      if (s.counterpart > 0) {
        out.push(
          ctx.warning(
            'W_DEAL_BELOW_RESERVATION',
            ['tracks', track],
            `${share(s.counterpart, s.deals)} sampled deals on '${track}' were signed below the counterpart's reservation (worst by ${(-s.worstCounterpart!.margin).toFixed(3)} in utility, ${where(s.worstCounterpart!, facts.seed)})`,
            "make the counterpart's acceptance depend on the offer against its reservation, e.g. \"p\": \"value.counterpart >= batna.counterpart ? param.approval : 0\", and avoid a fixed floor that makes repeating a refused offer pay",
          ),
        );
      }
      if (s.host > 0) {
        out.push(
          ctx.warning(
            'W_DEAL_BELOW_RESERVATION',
            ['tracks', track],
            `${share(s.host, s.strategyDeals)} deals the strategies signed on '${track}' were below the host's own reservation (worst by ${(-s.worstHost!.margin).toFixed(3)} in utility, ${where(s.worstHost!, facts.seed)})`,
            "condition the strategy's signing rule on the terms (e.g. \"when\": \"tracks.<id>.utility >= ...\") or let the signing move's responses refuse terms below the host's reservation",
          ),
        );
      }
    }
    return out;
  },
};
