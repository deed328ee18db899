import { parseArgs } from 'node:util';
import { assertOneFile, runDatasetCheck } from './dataset';
import { CliError } from './errors';
import { PREDICTOR_USAGE, runPredictorCommand } from './predictor-command';
import { runStats } from './stats';

const USAGE = `usage: npm run cli -- <command>
  stats --space <hat-wmt|hat-iwslt|hat-wmt-latency|space.yml> [--tokens N] [--json] <config.yml>...
  dataset check <file.csv>
${PREDICTOR_USAGE}`;

const print = (line: string): void => void process.stdout.write(`${line}\n`);
const printError = (line: string): void => void process.stderr.write(`${line}\n`);

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'stats': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { space: { type: 'string' }, tokens: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      if (!values.space) throw new CliError('stats needs --space (hat-wmt, hat-iwslt, hat-wmt-latency or a .yml file)');
      await runStats({ space: values.space, tokens: values.tokens, json: values.json, files: positionals }, print);
      return 0;
    }
    case 'dataset': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      const [sub, ...files] = positionals;
      if (sub !== 'check')
        throw new CliError(`unknown dataset command "${sub ?? ''}" (expected: dataset check <file.csv>)`);
      return runDatasetCheck(assertOneFile(files), print, printError);
    }
    case 'predictor':
      return runPredictorCommand(rest, print);
    case undefined:
    case 'help':
    case '--help':
      print(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new CliError(
        `unknown command "${command}" (commands: stats, dataset check, predictor; run with --help for usage)`,
      );
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // parseArgs reports unknown flags with a TypeError carrying an ERR_PARSE_ARGS_* code.
    const code = (error as { code?: string }).code ?? '';
    if (error instanceof CliError || code.startsWith('ERR_PARSE_ARGS')) {
      printError(`error: ${(error as Error).message}`);
      process.exitCode = error instanceof CliError ? error.exitCode : 2;
    } else {
      printError(`error: unexpected failure: ${(error as Error).message ?? String(error)}`);
      process.exitCode = 70;
    }
  },
);
