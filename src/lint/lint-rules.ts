import type { LintRule } from './lint-rule.js';
import { unreachableState } from './rules/unreachable-state.js';
import { deadEndState } from './rules/dead-end-state.js';
import { unclassifiedFinalState } from './rules/unclassified-final-state.js';
import { eventNeverSent } from './rules/event-never-sent.js';
import { signalUnhandled } from './rules/signal-unhandled.js';
import { responseEventIgnored } from './rules/response-event-ignored.js';
import { moveConditionNeverHolds } from './rules/move-condition-never-holds.js';
import { moveStatesUnreached } from './rules/move-states-unreached.js';
import { probabilityOutOfRange } from './rules/probability-out-of-range.js';
import { probabilitiesExceedOne } from './rules/probabilities-exceed-one.js';
import { dealBelowReservation } from './rules/deal-below-reservation.js';
import { dealIssueUnset } from './rules/deal-issue-unset.js';
import { negotiatorOutOfReach } from './rules/negotiator-out-of-reach.js';
import { strategyMoveUnavailable } from './rules/strategy-move-unavailable.js';
import { unusedWorldVariable } from './rules/unused-world-variable.js';
import { unusedParameter } from './rules/unused-parameter.js';
import { unusedTemplate } from './rules/unused-template.js';
import { unusedRuleSet } from './rules/unused-rule-set.js';
import { bareJudgement } from './rules/bare-judgement.js';
import { assumptionWithoutRange } from './rules/assumption-without-range.js';
import { sourceAfterAsOf } from './rules/source-after-as-of.js';
import { scheduledEventAfterAsOf } from './rules/scheduled-event-after-as-of.js';
import { transitionShadowed } from './rules/transition-shadowed.js';
import { eventConditionNeverHolds } from './rules/event-condition-never-holds.js';
import { eventConditionNeverHeld } from './rules/event-condition-never-held.js';
import { strategyRuleShadowed } from './rules/strategy-rule-shadowed.js';
import { outcomeShadowed } from './rules/outcome-shadowed.js';
import { outcomeNeverMatched } from './rules/outcome-never-matched.js';
import { probabilitiesAlwaysExceedOne } from './rules/probabilities-always-exceed-one.js';
import { knobDefaultOffGrid, knobNoEffect, knobUnused } from './rules/strategy-knobs.js';

/** Every lint rule, in the order their warnings are reported. */
export const lintRules: readonly LintRule[] = [
  unreachableState,
  deadEndState,
  unclassifiedFinalState,
  transitionShadowed,
  eventNeverSent,
  signalUnhandled,
  responseEventIgnored,
  moveStatesUnreached,
  moveConditionNeverHolds,
  eventConditionNeverHolds,
  eventConditionNeverHeld,
  strategyMoveUnavailable,
  strategyRuleShadowed,
  knobUnused,
  knobNoEffect,
  knobDefaultOffGrid,
  probabilityOutOfRange,
  probabilitiesAlwaysExceedOne,
  probabilitiesExceedOne,
  outcomeShadowed,
  outcomeNeverMatched,
  dealIssueUnset,
  dealBelowReservation,
  negotiatorOutOfReach,
  unusedWorldVariable,
  unusedParameter,
  unusedTemplate,
  unusedRuleSet,
  bareJudgement,
  assumptionWithoutRange,
  sourceAfterAsOf,
  scheduledEventAfterAsOf,
];
