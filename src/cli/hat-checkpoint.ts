import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { largestConfig, type SubTransformerConfig } from '../core/config';
import { loadFairseqValidSet, type NamedFile } from '../fairseq/data-files';
import { HatAccuracyModel } from '../fairseq/hat-accuracy-model';
import { openHatCheckpoint } from '../fairseq/hat-checkpoint';
import type { ByteSource } from '../torch/byte-source';
import { CliError } from './errors';
import { selectNodeBackend, type NodeBackend } from './tf-node';

/** A file on disk read by ranges, as the browser reads a dropped File: a checkpoint is never read whole. */
export async function fileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${(error as Error).message})`,
    );
  }
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await handle.read(bytes, 0, length, offset);
      return bytes.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

export interface HatModelOptions {
  checkpoint: string;
  data: string;
  subset: string;
  maxTokens: number | undefined;
  backend: NodeBackend;
}

/** --checkpoint FILE.pt --data DIR: HAT's SuperTransformer with fairseq's dictionaries and validation set. */
export async function loadHatModel(options: HatModelOptions): Promise<HatAccuracyModel> {
  let names: string[];
  try {
    names = await readdir(options.data);
  } catch {
    throw new CliError(`${options.data}: not a readable folder (--data takes the folder of fairseq's files)`);
  }
  const checkpoint = await fileSource(options.checkpoint);
  const files: Array<NamedFile & { source: { close(): Promise<void> } }> = [];
  try {
    for (const name of names.filter((n) => /^dict\.|\.(bin|idx)$|^(valid|test|train)/.test(n))) {
      files.push({ name, source: await fileSource(join(options.data, name)) });
    }
    const { info } = await openHatCheckpoint(checkpoint).catch((error: Error) => {
      throw new CliError(`${options.checkpoint}: ${error.message}`);
    });
    const data = await loadFairseqValidSet(
      files,
      { source: info.sourceLang, target: info.targetLang },
      options.subset,
    ).catch((error: Error) => {
      throw new CliError(`${options.data}: ${error.message}`);
    });
    await selectNodeBackend(options.backend);
    return await HatAccuracyModel.load(checkpoint, data, { maxTokens: options.maxTokens }).catch((error: Error) => {
      throw new CliError(`${options.checkpoint}: ${error.message}`);
    });
  } finally {
    await checkpoint.close();
    await Promise.all(files.map((f) => f.source.close()));
  }
}

/** Flags of every command that can run on a HAT checkpoint instead of the shipped model. */
export const HAT_FLAGS = {
  checkpoint: { type: 'string' },
  data: { type: 'string' },
  subset: { type: 'string', default: 'valid' },
  'max-tokens': { type: 'string' },
} as const;

export function parseMaxTokens(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new CliError(`--max-tokens must be a positive whole number, got "${text}"`);
  return Number(text);
}

/** `validate --checkpoint`: one line per config, both HAT's valid_loss and our mean NLL. */
export async function runHatValidate(
  options: HatModelOptions & { json: boolean; files: string[] },
  readConfig: (file: string) => Promise<SubTransformerConfig>,
  print: (line: string) => void,
): Promise<void> {
  const configs = await Promise.all(options.files.map(readConfig));
  const model = await loadHatModel(options);
  try {
    if (configs.length === 0) {
      // A trained SubTransformer checkpoint (HAT_*.pt) names its own config in its args.
      const own = model.info.subTransformer;
      if (!own)
        throw new CliError('validate needs config files: this checkpoint is a SuperTransformer, not a SubTransformer');
      configs.push(own);
      options.files.push(options.checkpoint);
    }
    configs.forEach((config, i) => {
      try {
        model.check(config);
      } catch (error) {
        throw new CliError(`${options.files[i]}: ${(error as Error).message.replaceAll('\n', '; ')}`);
      }
    });
    for (const [i, config] of configs.entries()) {
      const file = options.files[i]!;
      const { validLoss, hatLoss, tokens, sentences } = await model.validate(config);
      if (options.json) print(JSON.stringify({ file, validLoss, hatLoss, tokens, sentences }));
      else
        print(
          `${file}: HAT valid_loss ${hatLoss.toFixed(4)} (base 2, label-smoothed), NLL ${validLoss.toFixed(4)} nats ` +
            `(${sentences} sentences, ${tokens} tokens)`,
        );
    }
  } finally {
    model.dispose();
  }
}

/** `translate --checkpoint`: one BPE'd source sentence through a SubTransformer; prints the BPE'd output. */
export async function runHatTranslate(
  options: HatModelOptions & { config: string | undefined; beam: number; text: string[] },
  readConfig: (file: string) => Promise<SubTransformerConfig>,
  print: (line: string) => void,
): Promise<void> {
  if (options.text.length !== 1) throw new CliError("translate needs exactly one BPE'd source sentence (quote it)");
  const given = options.config ? await readConfig(options.config) : null;
  const model = await loadHatModel(options);
  try {
    const config = given ?? model.info.subTransformer ?? largestConfig(model.info.space);
    try {
      model.check(config);
    } catch (error) {
      throw new CliError(`${options.config ?? options.checkpoint}: ${(error as Error).message}`);
    }
    print(await model.translate(config, options.text[0]!, options.beam));
  } finally {
    model.dispose();
  }
}
