import type { HatImportProgress, HatImportRequest, HatModelInfo } from '../protocol/validation';
import { blobSource, type ByteSource } from '../torch/byte-source';
import { loadFairseqValidSet } from './data-files';
import { HatAccuracyModel } from './hat-accuracy-model';
import { openHatCheckpoint, type HatCheckpointInfo } from './hat-checkpoint';

/** A Blob source that counts the bytes read (the import reports it: model bytes only, never the optimizer's). */
function countingSource(blob: Blob): ByteSource & { bytesRead: number } {
  const inner = blobSource(blob);
  const source = {
    size: inner.size,
    bytesRead: 0,
    async read(offset: number, length: number) {
      source.bytesRead += length;
      return inner.read(offset, length);
    },
  };
  return source;
}

function describe(fileName: string, info: HatCheckpointInfo) {
  return {
    fileName,
    arch: info.arch,
    task: `${info.sourceLang ?? '?'}-${info.targetLang ?? '?'}`,
    format: info.format,
    precision: info.precision,
    dims: info.dims,
    space: info.space,
    vocab: { source: info.dims.sourceVocabSize ?? info.dims.vocabSize, target: info.dims.vocabSize },
    labelSmoothing: info.labelSmoothing,
    subTransformer: info.subTransformer,
    fileBytes: info.fileBytes,
    memoryBytes: info.float32Bytes,
  };
}

/** Reads only the checkpoint's structure: what it is and what memory it needs, before a load is started. */
export async function inspectHat(checkpoint: { name: string; blob: Blob }) {
  const { info } = await openHatCheckpoint(blobSource(checkpoint.blob));
  return describe(checkpoint.name, info);
}

/** Loads a dropped HAT checkpoint with fairseq's files (the worker's import), reporting progress. */
export async function loadHatModel(
  request: HatImportRequest,
  signal: AbortSignal,
  onProgress?: (progress: HatImportProgress) => void,
): Promise<{ model: HatAccuracyModel; info: HatModelInfo }> {
  const started = performance.now();
  const report = (progress: HatImportProgress): void => {
    // A proxied callback answers asynchronously; a caller that went away must not fail the import.
    void Promise.resolve(onProgress?.(progress)).catch(() => undefined);
  };
  const source = countingSource(request.checkpoint.blob);
  report({ phase: 'reading checkpoint', bytesRead: 0, bytesTotal: source.size });
  const { info } = await openHatCheckpoint(source, { signal });
  report({ phase: 'reading data', bytesRead: 0, bytesTotal: info.modelBytes });
  const data = await loadFairseqValidSet(
    request.dataFiles.map((file) => ({ name: file.name, source: blobSource(file.blob) })),
    { source: info.sourceLang, target: info.targetLang },
    request.subset,
  );
  signal.throwIfAborted();
  const model = await HatAccuracyModel.load(source, data, {
    signal,
    ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
    onProgress: ({ bytesRead, bytesTotal }) => report({ phase: 'reading weights', bytesRead, bytesTotal }),
  });
  return {
    model,
    info: {
      ...describe(request.checkpoint.name, model.info),
      sentences: model.validSentences,
      tokens: model.validTokens,
      bytesRead: source.bytesRead,
      loadMs: performance.now() - started,
    },
  };
}
