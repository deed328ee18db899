import { describe, expect, it } from 'vitest';
import { useAccuracyModelStore } from '../../src/app/accuracy-model-store';
import { useSearchStore } from '../../src/app/search-store';
import { builtinSpace } from '../../src/core/space';
import { hatModelInfo } from '../search-runtime/fakes';

describe('the accuracy model choice while a search runs', () => {
  it('keeps the running search’s model: no switch, no forget, one message', async () => {
    const info = hatModelInfo(builtinSpace('hat-wmt')!);
    const record = {
      id: 'imported' as const,
      info,
      backend: 'wasm' as const,
      dataFileNames: ['dict.en.txt'],
      importedAt: '2026-11-30T06:00:00Z',
      chosen: true,
    };
    useAccuracyModelStore.setState({ record, choice: 'hat', filesAtHand: true, message: null });
    useSearchStore.setState((state) => ({ run: { ...state.run, status: 'running' } }));
    const store = useAccuracyModelStore.getState();
    store.choose('shipped');
    await store.forget();
    expect(useAccuracyModelStore.getState()).toMatchObject({ choice: 'hat', record, filesAtHand: true });
    expect(useAccuracyModelStore.getState().message).toMatch(/^A search is scoring with the current model/);
    // Once it ends, the choice is the user's again.
    useSearchStore.setState((state) => ({ run: { ...state.run, status: 'done' } }));
    useAccuracyModelStore.getState().choose('shipped');
    expect(useAccuracyModelStore.getState()).toMatchObject({ choice: 'shipped', message: null });
  });
});
