import { checkLatencyConfidence, type LatencyConfidence } from './latency-rule';

/** HAT's evolutionary search settings (spec section 8). */
export interface EvolutionSettings {
  /** Size of the initial population; later ones are parents + mutations + crossovers. */
  population: number;
  parents: number;
  mutations: number;
  crossovers: number;
  /** Probability that mutation resamples a gene position. */
  mutationProb: number;
  /** Populations scored; the result is the best gene of the last one. */
  iterations: number;
  seed: number;
  /** Rejection sampling gives up after this many candidates for one population, mutation or crossover fill. */
  maxCandidates: number;
  /** The budget rule (latency-rule.ts): null checks the point prediction (HAT), c its upper bound of confidence c. */
  latencyConfidence: LatencyConfidence;
}

export const HAT_EVOLUTION_DEFAULTS: Readonly<EvolutionSettings> = Object.freeze({
  population: 125,
  parents: 25,
  mutations: 50,
  crossovers: 50,
  mutationProb: 0.3,
  iterations: 30,
  seed: 1,
  maxCandidates: 200_000,
  latencyConfidence: null,
});

/** Parents, mutations and crossovers for a population size, in HAT's 1 : 2 : 2 proportion (25 / 50 / 50 of 125). */
export function hatProportions(
  population: number,
): Pick<EvolutionSettings, 'population' | 'parents' | 'mutations' | 'crossovers'> {
  const parents = Math.max(2, Math.round(population / 5));
  const mutations = Math.round((population - parents) / 2);
  return { population, parents, mutations, crossovers: population - parents - mutations };
}

const positiveInteger = (x: number): boolean => Number.isInteger(x) && x > 0;

/** Throws a RangeError naming the first setting out of range. */
export function checkEvolutionSettings(settings: EvolutionSettings): void {
  const { population, parents, mutations, crossovers, mutationProb, iterations, seed, maxCandidates } = settings;
  for (const [name, value] of Object.entries({ population, parents, iterations, maxCandidates })) {
    if (!positiveInteger(value)) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  for (const [name, value] of Object.entries({ mutations, crossovers })) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number, got ${value}`);
  }
  if (parents > population) throw new RangeError(`parents (${parents}) cannot exceed the population (${population})`);
  if (crossovers > 0 && parents < 2) throw new RangeError('crossover needs at least 2 parents');
  if (!(mutationProb >= 0 && mutationProb <= 1))
    throw new RangeError(`mutationProb must be in [0, 1], got ${mutationProb}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  checkLatencyConfidence(settings.latencyConfidence);
}

export function checkLatencyBudget(maxLatencyMs: number): void {
  if (!(maxLatencyMs > 0))
    throw new RangeError(`the latency constraint must be a positive number of ms, got ${maxLatencyMs}`);
}

/** `defaults` overridden by the settings given; an explicit `undefined` keeps the default. */
export function withDefaults<T extends object>(defaults: Readonly<T>, given: Partial<T>): T {
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
