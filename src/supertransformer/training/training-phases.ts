/** A stretch of a training run that starts at update `fromStep` and lasts until the next phase's. */
export interface TrainingPhase {
  fromStep: number;
}

/** The phase `step` falls in; `phases` are listed by `fromStep`, the first from step 0. */
export function phaseAt<P extends TrainingPhase>(step: number, phases: readonly P[], what: string): P {
  const phase = [...phases].reverse().find((p) => p.fromStep <= step);
  if (!phase) throw new RangeError(`no ${what} covers update ${step}`);
  return phase;
}

/**
 * How the encoder's layers train from `fromStep` on: their learning rate as a fraction of the schedule's, and whether
 * the phase starts them from fresh initial values and Adam moments.
 */
export interface EncoderPhase extends TrainingPhase {
  rateScale: number;
  restart: boolean;
}
