import type { SubTransformerConfig } from '../core/config';
import type {
  ConfigValidation,
  ValidationLoadOptions,
  ValidationModelInfo,
  ValidationShare,
  ValidationWorkerApi,
} from '../protocol/validation';

/** What the pool needs of each validation worker (a comlink proxy, a Node thread, or an in-process service). */
export type PoolPort = Pick<ValidationWorkerApi, 'load' | 'validateBatch' | 'cancel'>;

/** One piece of a batch: a config, or one share of it when there are too few configs to keep every worker busy. */
interface Unit {
  config: number;
  share?: ValidationShare;
}

interface Job {
  cancelled: boolean;
  /** Sub-job ids in flight, by port. */
  inFlight: Map<PoolPort, number>;
}

/** Below this many configs per active worker a batch's configs are split into shares (one per active worker). */
const CONFIGS_PER_WORKER_BEFORE_SPLITTING = 4;

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Several validation workers behind the validation API: a batch's configs go to whichever worker is free next (a
 * config takes 0.1-1 s, so idle time is at most one config at the end), or, for batches too small to keep every
 * worker busy (one config from the panel or the chart), each config is split into one share of the validation set
 * per worker and the shares' sums are added. Losses are the workers' own: every batch of the set is scored once.
 * `setActive` caps how many workers take work (0 holds the batch until raised): the page gives device measurement
 * its cores while it runs.
 */
export class ValidationPool implements PoolPort {
  private active: number;
  private wake: Array<() => void> = [];
  private readonly jobs = new Map<number, Job>();
  private nextSubJob: number;

  /**
   * `firstJobId` starts the pool's own job ids on its workers: two pools sharing workers (the search's and the
   * page's) must use disjoint ranges, since a worker cancels by job id.
   */
  constructor(
    private readonly ports: readonly PoolPort[],
    firstJobId = 1,
  ) {
    if (ports.length === 0) throw new RangeError('a validation pool needs at least one worker');
    this.active = ports.length;
    this.nextSubJob = firstJobId;
  }

  get size(): number {
    return this.ports.length;
  }

  get activeWorkers(): number {
    return this.active;
  }

  /** How many workers may take work from now on (0 to size); running units finish where they are. */
  setActive(workers: number): void {
    if (!Number.isInteger(workers) || workers < 0)
      throw new RangeError(`workers must be a whole number ≥ 0, got ${workers}`);
    this.active = Math.min(workers, this.ports.length);
    this.wakeWaiting();
  }

  /** Loads the model on every worker; they must agree, and the pool reports their sum. */
  async load(options: ValidationLoadOptions): Promise<ValidationModelInfo> {
    const infos = await Promise.all(this.ports.map((port) => port.load(options)));
    const first = infos[0]!;
    const disagreeing = infos.find((info) => info.backend !== first.backend || info.validTokens !== first.validTokens);
    if (disagreeing) {
      throw new Error(
        `the validation workers disagree: ${first.backend} with ${first.validTokens} tokens against ` +
          `${disagreeing.backend} with ${disagreeing.validTokens}`,
      );
    }
    return { ...first, workers: infos.length };
  }

  async validateBatch(
    jobId: number,
    configs: SubTransformerConfig[],
    onProgress?: (done: number, total: number, last: ConfigValidation) => void,
  ): Promise<ConfigValidation[]> {
    const job: Job = { cancelled: false, inFlight: new Map() };
    this.jobs.set(jobId, job);
    try {
      const units = this.unitsFor(configs.length);
      const sums = configs.map(() => ({ nllSum: 0, tokens: 0, shares: 0, hatWeighted: 0, hat: false, sentences: 0 }));
      const sharesPerConfig = units.length / configs.length;
      const results: ConfigValidation[] = new Array(configs.length);
      let next = 0;
      let done = 0;
      let failure: unknown = null;
      const drain = async (port: PoolPort, slot: number): Promise<void> => {
        for (;;) {
          // A worker beyond the active count waits, until it may work or there is nothing left to take.
          while (slot >= this.active && next < units.length && !job.cancelled && failure === null) {
            await this.waitForWorkers();
          }
          if (job.cancelled || failure !== null || next >= units.length) return;
          const unit = units[next++]!;
          const subJob = this.nextSubJob++;
          job.inFlight.set(port, subJob);
          try {
            const [result] = await port.validateBatch(subJob, [configs[unit.config]!], undefined, unit.share);
            const sum = sums[unit.config]!;
            sum.nllSum += result!.nllSum;
            sum.tokens += result!.tokens;
            sum.shares += 1;
            // A HAT checkpoint's own loss is a per-token mean too: shares add up weighted by their tokens.
            if (result!.hatLoss !== undefined) {
              sum.hat = true;
              sum.hatWeighted += result!.hatLoss * result!.tokens;
              sum.sentences = result!.sentences ?? 0;
            }
            if (sum.shares === sharesPerConfig) {
              const validLoss = sum.nllSum / sum.tokens;
              results[unit.config] = {
                validLoss,
                perplexity: Math.exp(validLoss),
                tokens: sum.tokens,
                nllSum: sum.nllSum,
                ...(sum.hat ? { hatLoss: sum.hatWeighted / sum.tokens, sentences: sum.sentences } : {}),
              };
              done += 1;
              // A proxied callback answers asynchronously; a caller that went away must not fail the batch.
              void Promise.resolve(onProgress?.(done, configs.length, results[unit.config]!)).catch(() => undefined);
            }
          } catch (error) {
            failure ??= job.cancelled
              ? error
              : new Error(
                  `config ${unit.config + 1} of ${configs.length}: ${errorMessage(error).replace(/^config 1 of 1: /, '')}`,
                  { cause: error },
                );
            this.cancelInFlight(job);
            return;
          } finally {
            job.inFlight.delete(port);
            this.wakeWaiting();
          }
        }
      };
      await Promise.all(this.ports.map((port, slot) => drain(port, slot)));
      if (job.cancelled) throw new Error(`cancelled: job ${jobId} stopped after ${done} of ${configs.length} configs`);
      if (failure !== null) throw failure;
      return results;
    } finally {
      this.jobs.delete(jobId);
    }
  }

  cancel(jobId: number): void {
    const job = this.jobs.get(jobId);
    if (!job) return;
    job.cancelled = true;
    this.cancelInFlight(job);
    this.wakeWaiting();
  }

  /** One unit per config, or `active` shares per config for batches too small to keep the workers busy. */
  private unitsFor(configCount: number): Unit[] {
    const workers = Math.max(1, this.active);
    const split = workers > 1 && configCount < CONFIGS_PER_WORKER_BEFORE_SPLITTING * workers;
    return Array.from({ length: configCount }, (_, config) =>
      split
        ? Array.from({ length: workers }, (_, index): Unit => ({ config, share: { index, count: workers } }))
        : [{ config }],
    ).flat();
  }

  private cancelInFlight(job: Job): void {
    for (const [port, subJob] of job.inFlight) void Promise.resolve(port.cancel(subJob)).catch(() => undefined);
  }

  private wakeWaiting(): void {
    const waiting = this.wake;
    this.wake = [];
    for (const resume of waiting) resume();
  }

  private waitForWorkers(): Promise<void> {
    return new Promise((resolve) => this.wake.push(resolve));
  }
}
