import type { ByteSource } from '../torch/byte-source';
import { parseFairseqDictionary, type FairseqDictionary } from './dictionary';
import { DatasetFormatError, parseMmapIndex, readMmapDataset, readTextDataset } from './indexed-dataset';

/** A file by name, however it is read (a dropped File, a file on disk). */
export interface NamedFile {
  name: string;
  source: ByteSource;
}

/** fairseq's files for one language pair: the dictionaries and the validation sentences (ids, each ending in </s>). */
export interface FairseqValidSet {
  sourceLang: string;
  targetLang: string;
  sourceDictionary: FairseqDictionary;
  targetDictionary: FairseqDictionary;
  sources: Int32Array[];
  targets: Int32Array[];
  /** 'mmap' = fairseq's binarized .bin/.idx; 'text' = BPE'd plain text encoded with the dictionaries. */
  format: 'mmap' | 'text';
  /** The files read, by role. */
  files: { sourceDict: string; targetDict: string; source: string[]; target: string[] };
}

export class DataFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFilesError';
  }
}

const baseName = (name: string): string => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

/** fairseq's infer_language_pair: the first `<split>.<src>-<tgt>.…` file name gives the pair. */
export function inferLanguagePair(names: readonly string[]): [string, string] | null {
  for (const name of names.map(baseName).sort()) {
    const parts = name.split('.');
    if (parts.length >= 3) {
      const pair = parts[1]!.split('-');
      if (pair.length === 2 && pair[0] && pair[1]) return [pair[0], pair[1]];
    }
  }
  return null;
}

async function readAll(file: NamedFile): Promise<Uint8Array> {
  return file.source.read(0, file.source.size);
}

async function readText(file: NamedFile): Promise<string> {
  return new TextDecoder('utf-8', { fatal: false }).decode(await readAll(file));
}

/**
 * Finds and reads fairseq's files among `files` (a folder's contents): `dict.<lang>.txt` for both languages, and
 * `<subset>.<src>-<tgt>.<lang>.{bin,idx}` (either pair order, as fairseq tries), or else BPE'd plain text
 * (`<subset>.<src>-<tgt>.<lang>`, `<subset>.bpe.<lang>` or `<subset>.<lang>`). The pair comes from `languages`
 * (the checkpoint's args) where set, else from the file names.
 */
export async function loadFairseqValidSet(
  files: readonly NamedFile[],
  languages: { source: string | null; target: string | null },
  subset = 'valid',
): Promise<FairseqValidSet> {
  const byName = new Map(files.map((f) => [baseName(f.name), f]));
  let source = languages.source;
  let target = languages.target;
  if (!source || !target) {
    const inferred = inferLanguagePair(files.map((f) => f.name).filter((n) => baseName(n).startsWith(`${subset}.`)));
    if (!inferred) {
      throw new DataFilesError(
        `cannot tell the language pair: the checkpoint leaves it open and no ${subset}.<src>-<tgt>.* file names it`,
      );
    }
    [source, target] = inferred;
  }
  const dictFile = (lang: string): NamedFile => {
    const file = byName.get(`dict.${lang}.txt`);
    if (!file) throw new DataFilesError(`dict.${lang}.txt is missing (fairseq's dictionary for ${lang})`);
    return file;
  };
  const sourceDictFile = dictFile(source);
  const targetDictFile = dictFile(target);
  const sourceDictionary = parseFairseqDictionary(await readText(sourceDictFile), sourceDictFile.name);
  const targetDictionary =
    targetDictFile === sourceDictFile
      ? sourceDictionary
      : parseFairseqDictionary(await readText(targetDictFile), targetDictFile.name);
  const side = async (
    lang: string,
    dictionary: FairseqDictionary,
  ): Promise<{ ids: Int32Array[]; format: 'mmap' | 'text'; names: string[] }> => {
    for (const prefix of [`${subset}.${source}-${target}.${lang}`, `${subset}.${target}-${source}.${lang}`]) {
      const idx = byName.get(`${prefix}.idx`);
      const bin = byName.get(`${prefix}.bin`);
      if (idx && bin) {
        const index = parseMmapIndex(await readAll(idx), idx.name);
        return {
          ids: readMmapDataset(index, await readAll(bin), bin.name),
          format: 'mmap',
          names: [idx.name, bin.name],
        };
      }
      if (idx || bin) throw new DataFilesError(`${(idx ?? bin)!.name} has no ${idx ? '.bin' : '.idx'} partner`);
    }
    for (const name of [`${subset}.${source}-${target}.${lang}`, `${subset}.bpe.${lang}`, `${subset}.${lang}`]) {
      const text = byName.get(name);
      if (text) return { ids: readTextDataset(await readText(text), dictionary), format: 'text', names: [text.name] };
    }
    throw new DataFilesError(
      `no ${subset} data for ${lang}: expected ${subset}.${source}-${target}.${lang}.bin and .idx (fairseq's mmap format) or BPE'd text ${subset}.bpe.${lang}`,
    );
  };
  const sourceSide = await side(source, sourceDictionary);
  const targetSide = await side(target, targetDictionary);
  if (sourceSide.ids.length !== targetSide.ids.length) {
    throw new DatasetFormatError(
      `the ${source} side has ${sourceSide.ids.length} sentences but the ${target} side ${targetSide.ids.length}`,
    );
  }
  if (sourceSide.ids.length === 0) throw new DatasetFormatError(`the ${subset} set is empty`);
  return {
    sourceLang: source,
    targetLang: target,
    sourceDictionary,
    targetDictionary,
    sources: sourceSide.ids,
    targets: targetSide.ids,
    format: sourceSide.format === 'mmap' && targetSide.format === 'mmap' ? 'mmap' : 'text',
    files: {
      sourceDict: sourceDictFile.name,
      targetDict: targetDictFile.name,
      source: sourceSide.names,
      target: targetSide.names,
    },
  };
}
