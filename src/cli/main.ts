import { parseArgs } from 'node:util';
import { assertOneFile, runDatasetCheck } from './dataset';
import { CliError } from './errors';
import { MEASURE_USAGE, runMeasureCommand } from './measure';
import { PREDICTOR_USAGE, runPredictorCommand } from './predictor-command';
import { parseSearchArgs, runSearchCli, SEARCH_USAGE } from './search';
import { runStats } from './stats';
import { parseThreads } from './threads';
import { runTranslate, parseBeamFlag } from './translate';
import { DEFAULT_MODEL_DIR, readConfigFile, runValidate } from './validate';
import { HAT_FLAGS, parseMaxTokens, runHatTranslate, runHatValidate } from './hat-checkpoint';

const USAGE = `usage: npm run cli -- <command>
  stats --space <hat-wmt|hat-iwslt|hat-wmt-latency|space.yml> [--tokens N] [--json] <config.yml>...
  dataset check <file.csv>
  validate [--model <dir>] [--corpus <dir>] [--backend wasm|cpu] [--threads N] [--json] <config.yml>...
  validate --checkpoint <HAT .pt> --data <fairseq dir> [--subset valid] [--max-tokens N] [--json] [<config.yml>...]
           (no config: a trained SubTransformer checkpoint's own)
  translate [--model <dir>] [--corpus <dir>] [--backend wasm|cpu] [--config <config.yml>] [--beam N] "<German text>"
  translate [--model <dir>] [--corpus <dir>] [--backend wasm|cpu] [--config <config.yml>] [--beam N] --input <file>
      (--input: one German sentence per line; --corpus: tokenizer and valid-search of another corpus folder)
  translate --checkpoint <HAT .pt> --data <fairseq dir> [--config <config.yml>] [--beam N] "<BPE'd source>"
${PREDICTOR_USAGE}
${MEASURE_USAGE}
${SEARCH_USAGE}`;

/** Flags shared by the commands that load the shipped SuperTransformer. */
const MODEL_FLAGS = {
  model: { type: 'string', default: DEFAULT_MODEL_DIR },
  corpus: { type: 'string' },
  backend: { type: 'string', default: 'wasm' },
} as const;

function nodeBackend(name: string): 'wasm' | 'cpu' {
  if (name !== 'wasm' && name !== 'cpu') throw new CliError(`--backend must be wasm or cpu, got "${name}"`);
  return name;
}

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
    case 'measure':
      return runMeasureCommand(rest, print, printError);
    case 'validate': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          ...MODEL_FLAGS,
          ...HAT_FLAGS,
          threads: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
      const backend = nodeBackend(values.backend);
      const threads = parseThreads(values.threads);
      if (values.checkpoint !== undefined || values.data !== undefined) {
        if (!values.checkpoint || !values.data) throw new CliError('--checkpoint and --data go together');
        const hat = { checkpoint: values.checkpoint, data: values.data, subset: values.subset };
        const maxTokens = parseMaxTokens(values['max-tokens']);
        await runHatValidate(
          { ...hat, maxTokens, backend, json: values.json, files: positionals },
          readConfigFile,
          print,
        );
        return 0;
      }
      const { model: modelDir, corpus: corpusDir, json } = values;
      await runValidate({ modelDir, dataDir: corpusDir, backend, json, files: positionals, threads }, print);
      return 0;
    }
    case 'translate': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          ...MODEL_FLAGS,
          ...HAT_FLAGS,
          config: { type: 'string' },
          beam: { type: 'string' },
          input: { type: 'string' },
        },
      });
      const backend = nodeBackend(values.backend);
      if (values.checkpoint !== undefined || values.data !== undefined) {
        if (!values.checkpoint || !values.data) throw new CliError('--checkpoint and --data go together');
        const hat = { checkpoint: values.checkpoint, data: values.data, subset: values.subset, maxTokens: undefined };
        await runHatTranslate(
          { ...hat, backend, config: values.config, beam: parseBeamFlag(values.beam), text: positionals },
          readConfigFile,
          print,
        );
        return 0;
      }
      const { model: modelDir, corpus: corpusDir, config, beam, input } = values;
      await runTranslate({ modelDir, dataDir: corpusDir, backend, config, beam, input, text: positionals }, print);
      return 0;
    }
    case 'search':
      // Progress goes to stderr so stdout stays one JSON line with --json.
      await runSearchCli(parseSearchArgs(rest), print, printError);
      return 0;
    case undefined:
    case 'help':
    case '--help':
      print(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new CliError(
        `unknown command "${command}" (commands: stats, dataset check, predictor, validate, translate, measure, search; run with --help for usage)`,
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
