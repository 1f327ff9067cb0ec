// The supplier duel (scenarios/supplier-duel.json) with the "playBoth" strategy, written by hand:
// each track a switch, the world and terms in plain variables. It takes the engine's random numbers
// from the same positions (RunRandom.at(round, slot)) and samples the parameters the same way, so it
// plays exactly the same runs; bench/run.js checks that on thousands of seeds before timing it. It is
// the yardstick "how fast could this scenario run if nobody had to write a scenario file".
import { RunRandom } from '../dist/engine/run-random.js';
import { sampleDistribution } from '../dist/engine/sample-distribution.js';

const HORIZON = 12;
const BUDGET_ROUND = 5; // 2026-06 from 2026-01
const PATIENCE = { type: 'triangular', min: 3, mode: 5, max: 9 };
const RISK = { type: 'uniform', min: 0.02, max: 0.08 };
const MAINT_CITY = { inHouse: 1, fiveYear: 0.6, tenYear: 0.2 };
const MAINT_INCUMBENT = { inHouse: 0, fiveYear: 0.6, tenYear: 1 };
const MAINT_NEWCOMER = { inHouse: 0.3, fiveYear: 1, tenYear: 0.8 };
const clamp01 = (x) => (x < 0 ? 0 : x > 1 ? 1 : x);
const cityUtility = (price, maint) => 0.7 * clamp01((650 - price) / 200) + 0.3 * MAINT_CITY[maint];
const incumbentUtility = (price, maint) => 0.5 * clamp01((price - 450) / 200) + 0.5 * MAINT_INCUMBENT[maint];
const newcomerUtility = (price, maint) => 0.8 * clamp01((price - 450) / 200) + 0.2 * MAINT_NEWCOMER[maint];

// Track states.
const TALKS = 0, I_CONTRACT = 1, LAPSED = 2, I_LOST = 3;
const BID = 0, SHORTLISTED = 1, N_CONTRACT = 2, COLLAPSED = 3, N_LOST = 4;

/** Plays run `run` of seed `seed`; returns what the engine's RunResult holds, plus the track events sent. */
export function handWrittenRun(seed, run) {
  const random = new RunRandom(seed, run);
  const newcomerRisk = sampleDistribution(RISK, random.stream);
  const incumbentPatience = sampleDistribution(PATIENCE, random.stream);
  let budgetPressure = 0.3;
  let shaky = false;
  let wobbleFired = false;
  let inc = TALKS, incEntered = 0;
  let neu = BID;
  let incPrice = 620, incMaint = 'tenYear';
  let neuPrice = 540, neuMaint = 'fiveYear';
  let dealTrack = -1, dealRound = -1;
  let events = 0;
  let round = 0;

  const incumbentDone = () => inc !== TALKS;
  const newcomerDone = () => neu >= N_CONTRACT;
  // A track event: the switch is the whole transition function.
  function stepIncumbent(event) {
    events++;
    switch (event) {
      case 'AGREE':
        inc = I_CONTRACT;
        if (dealTrack < 0) (dealTrack = 0), (dealRound = round);
        if (!newcomerDone()) stepNewcomer('RIVAL_SIGNED');
        break;
      case 'RIVAL_SIGNED':
        inc = I_LOST;
        break;
      case 'TICK':
        if (round - incEntered >= incumbentPatience) inc = LAPSED;
        break;
    }
  }
  function stepNewcomer(event) {
    events++;
    switch (neu) {
      case BID:
        if (event === 'SHORTLIST') neu = SHORTLISTED;
        else if (event === 'RIVAL_SIGNED') neu = N_LOST;
        else if (event === 'COLLAPSE') neu = COLLAPSED;
        break;
      case SHORTLISTED:
        if (event === 'AGREE') {
          neu = N_CONTRACT;
          if (dealTrack < 0) (dealTrack = 1), (dealRound = round);
          if (!incumbentDone()) stepIncumbent('RIVAL_SIGNED');
        } else if (event === 'RIVAL_SIGNED') neu = N_LOST;
        else if (event === 'COLLAPSE') neu = COLLAPSED;
        break;
    }
  }

  for (;;) {
    // Events: the financing wobble (slot 0, branch slot 1), then the scheduled budget review.
    if (!wobbleFired && !shaky && !newcomerDone() && random.at(round, 0) < newcomerRisk) {
      wobbleFired = true;
      shaky = true;
      if (random.at(round, 1) < 0.4) {
        if (!newcomerDone()) stepNewcomer('COLLAPSE');
      } else shaky = false;
    }
    if (round === BUDGET_ROUND && !(incumbentDone() && newcomerDone())) budgetPressure = Math.min(1, budgetPressure + 0.3);
    if (!(incumbentDone() && newcomerDone())) {
      // Host move (playBoth): the first available rule.
      if (neu === BID) {
        stepNewcomer('SHORTLIST');
      } else if (neu === SHORTLISTED && !shaky && round < 6) {
        const draw = random.at(round, 4 + 2);
        const pAccept = newcomerUtility(520, 'fiveYear') >= 0.2 ? 0.7 : 0.1;
        if (draw < pAccept) {
          neuPrice = 520;
          neuMaint = 'fiveYear';
          stepNewcomer('AGREE');
        } else if (draw < pAccept + 0.2) {
          neuPrice = Math.min(650, 520 + 20);
          neuMaint = 'fiveYear';
        }
      } else if (inc === TALKS) {
        const draw = random.at(round, 4);
        const pAccept = incumbentUtility(580, 'fiveYear') >= 0.35 ? 0.6 : 0.05;
        if (draw < pAccept) {
          incPrice = 580;
          incMaint = 'fiveYear';
          stepIncumbent('AGREE');
        }
      }
      // Tick.
      if (!incumbentDone()) stepIncumbent('TICK');
      if (!newcomerDone()) stepNewcomer('TICK');
    }
    round++;
    if ((incumbentDone() && newcomerDone()) || round >= HORIZON) break;
  }
  let outcome, utility, price;
  if (neu === N_CONTRACT) outcome = 'newcomerDeal';
  else if (inc === I_CONTRACT) outcome = 'incumbentDeal';
  else outcome = 'noDeal';
  if (dealTrack === 0) (utility = cityUtility(incPrice, incMaint)), (price = incPrice);
  else if (dealTrack === 1) (utility = cityUtility(neuPrice, neuMaint)), (price = neuPrice);
  else (utility = 0.25 + 0.2 * budgetPressure), (price = NaN);
  return { outcome, rounds: round, dealRound, metrics: [utility, price], parameters: [newcomerRisk, incumbentPatience], events };
}
