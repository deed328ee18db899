import { beforeAll, describe, expect, it } from 'vitest';
import { HatAccuracyModel } from '../../src/fairseq/hat-accuracy-model';
import { openHatCheckpoint } from '../../src/fairseq/hat-checkpoint';
import { selectNodeTfBackend } from '../../src/tfjs/node-backend';
import { bytesSource } from '../../src/torch/byte-source';
import { fixtureBytes, fixtureConfig, fixtureData, folderFiles } from './hat-fixtures';

beforeAll(async () => {
  await selectNodeTfBackend('wasm');
});

/** The bytes with every occurrence of `from` replaced by `to` (same length, so offsets stay valid). */
function patched(bytes: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const out = bytes.slice();
  const needle = new TextEncoder().encode(from);
  let found = 0;
  for (let i = 0; i + needle.length <= out.length; i++) {
    if (needle.every((b, j) => out[i + j] === b)) {
      out.set(new TextEncoder().encode(to), i);
      found++;
    }
  }
  expect(found).toBeGreaterThan(0);
  return out;
}

const open = (bytes: Uint8Array) => openHatCheckpoint(bytesSource(bytes));

describe('malformed inputs give one clear message', () => {
  it('a truncated zip checkpoint', async () => {
    const bytes = fixtureBytes('joined-fp32.pt');
    await expect(open(bytes.subarray(0, bytes.length - 100))).rejects.toThrow(/truncated|end-of-central-directory/);
    await expect(open(bytes.subarray(0, 300_000))).rejects.toThrow(/truncated or not a zip/);
  });

  it('a truncated legacy checkpoint', async () => {
    const bytes = fixtureBytes('joined-fp16-legacy.pt');
    await expect(open(bytes.subarray(0, 20_000))).rejects.toThrow(/the file is truncated: checkpoint ends/);
    await expect(open(bytes.subarray(0, bytes.length - 1000))).rejects.toThrow(
      /the file is truncated: the storages end/,
    );
  });

  it('a file that is no checkpoint at all', async () => {
    await expect(open(new TextEncoder().encode('encoder-embed-dim: 512\n'))).rejects.toThrow(
      /not a PyTorch checkpoint/,
    );
  });

  it('a checkpoint of another architecture', async () => {
    const bytes = patched(fixtureBytes('joined-fp32.pt'), 'transformersuper', 'transformer_lstm');
    await expect(open(bytes)).rejects.toThrow(/another architecture: arch is transformer_lstm/);
  });

  it('a pickle global outside the fixed table is named, never run', async () => {
    const bytes = patched(fixtureBytes('joined-fp16-legacy.pt'), 'argparse', 'os.systm');
    await expect(open(bytes)).rejects.toThrow(/unsupported pickle global os.systm.Namespace in args/);
  });

  it('a dict whose size disagrees with the embedding table', async () => {
    const files = folderFiles('data-joined').map((file) =>
      file.name.startsWith('dict.') ? { name: file.name, source: bytesSource(fixtureDict()) } : file,
    );
    const data = await fixtureData('joined', files);
    await expect(HatAccuracyModel.load(bytesSource(fixtureBytes('joined-fp16.pt')), data)).rejects.toThrow(
      /dict\.en\.txt has 119 symbols .* embedding table has 120 rows/,
    );
  });

  it('an .idx with a bad magic', async () => {
    const files = folderFiles('data-joined').map((file) =>
      file.name === 'valid.en-de.en.idx'
        ? { name: file.name, source: bytesSource(patched(readAllSync(file), 'MMIDIDX', 'XXIDIDX')) }
        : file,
    );
    await expect(fixtureData('joined', files)).rejects.toThrow(
      /valid\.en-de\.en\.idx is not a fairseq mmap index \(bad magic/,
    );
  });

  it('a config outside the checkpoint space, and the model still validates afterwards', async () => {
    const model = await HatAccuracyModel.load(bytesSource(fixtureBytes('joined-fp16.pt')), await fixtureData('joined'));
    try {
      const config = fixtureConfig('largest');
      const wider = { ...config, encoder: { ...config.encoder, embedDim: 40 } };
      await expect(model.validate(wider)).rejects.toThrow(
        /outside the checkpoint's search space: encoder.embedDim: 40/,
      );
      await expect(model.validate(config)).resolves.toMatchObject({ tokens: 144 });
    } finally {
      model.dispose();
    }
  });
});

/** dict.txt of the joined fixture without its last line: one symbol short. */
function fixtureDict(): Uint8Array {
  const text = new TextDecoder().decode(fixtureBytes('data-joined/dict.en.txt')).trimEnd().split('\n');
  return new TextEncoder().encode(`${text.slice(0, -1).join('\n')}\n`);
}

function readAllSync(file: { name: string }): Uint8Array {
  return fixtureBytes(`data-joined/${file.name}`);
}
