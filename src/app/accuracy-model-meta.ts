import { useEffect, useState } from 'react';
import { SHIPPED_MODEL_HEADER, type SuperTransformerMeta } from '../supertransformer/model-meta';

export type ModelMetaState =
  { status: 'loading' } | { status: 'ready'; meta: SuperTransformerMeta } | { status: 'error'; message: string };

let request: Promise<SuperTransformerMeta> | undefined;

/** The shipped model's header record (its `meta`), fetched once: the same file the validation workers load. */
function fetchShippedMeta(): Promise<SuperTransformerMeta> {
  request ??= fetch(`${import.meta.env.BASE_URL}${SHIPPED_MODEL_HEADER}`)
    .then((response) => {
      if (!response.ok) throw new Error(`${SHIPPED_MODEL_HEADER}: HTTP ${response.status}`);
      return response.json() as Promise<{ meta?: SuperTransformerMeta }>;
    })
    .then((header) => {
      if (header.meta?.kind !== 'hat-explorer-supertransformer') throw new Error('not a SuperTransformer header');
      return header.meta;
    });
  request.catch(() => (request = undefined)); // a failed fetch is retried by the next caller
  return request;
}

/** The record of the SuperTransformer that scores the search's points. */
export function useAccuracyModelMeta(): ModelMetaState {
  const [state, setState] = useState<ModelMetaState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    fetchShippedMeta().then(
      (meta) => live && setState({ status: 'ready', meta }),
      (error: Error) => live && setState({ status: 'error', message: error.message }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
