import { parseArgs } from 'node:util';
import { CliError } from './errors';
import { runPredictorPredict, runPredictorTrain } from './predictor';

export const PREDICTOR_USAGE = `  predictor train <dataset.csv> --out <predictor.json> [--seed N]
  predictor predict --predictor <predictor.json> [--json] [--space NAME|space.yml] <config.yml>...`;

/** `predictor train|predict …`: argument parsing only; the work is in ./predictor.ts. */
export async function runPredictorCommand(args: string[], print: (line: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'train') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { out: { type: 'string' }, seed: { type: 'string' } },
    });
    if (positionals.length !== 1)
      throw new CliError(`predictor train takes exactly one CSV file, got ${positionals.length}`);
    if (!values.out) throw new CliError('predictor train needs --out <predictor.json>');
    await runPredictorTrain({ file: positionals[0]!, out: values.out, seed: values.seed }, print);
    return 0;
  }
  if (sub === 'predict') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { predictor: { type: 'string' }, json: { type: 'boolean', default: false }, space: { type: 'string' } },
    });
    if (!values.predictor) throw new CliError('predictor predict needs --predictor <predictor.json>');
    await runPredictorPredict(
      { predictor: values.predictor, json: values.json, space: values.space, files: positionals },
      print,
    );
    return 0;
  }
  throw new CliError(`unknown predictor command "${sub ?? ''}" (expected: predictor train or predictor predict)`);
}
