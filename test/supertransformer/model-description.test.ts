import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeAccuracyModel, formatWidthScale } from '../../src/supertransformer/model-description';
import type { SuperTransformerMeta } from '../../src/supertransformer/model-meta';
import { publicPath } from '../core/dataset/hat-latency-files';

const shipped = (JSON.parse(readFileSync(publicPath('model/model.json'), 'utf8')) as { meta: SuperTransformerMeta })
  .meta;

describe('the accuracy axis’s description', () => {
  it('describes the shipped model from its own record', () => {
    const description = describeAccuracyModel(shipped);
    expect(description.name).toBe('HAT Explorer’s demo SuperTransformer');
    // The figures come from model.json (a retrained model changes them), without the command that built the data.
    expect(description.training).toMatch(/^width 1\/4, trained on [\d,]+ pairs of the /);
    expect(description.training).toContain(`${shipped.data.trainPairs.toLocaleString('en-US')} pairs of the`);
    expect(description.training).toContain(shipped.data.source.split(' (')[0]);
    expect(description.training).not.toContain('npm run');
    expect(description.caveat).toMatch(/not WMT translation quality/);
  });

  it('follows the record when the model changes', () => {
    const retrained: SuperTransformerMeta = {
      ...shipped,
      widthScale: 0.5,
      data: {
        ...shipped.data,
        source: 'WMT’14 En-De news commentary sample (npm run data -- --wmt)',
        trainPairs: 1000,
      },
    };
    expect(describeAccuracyModel(retrained).training).toBe(
      'width 1/2, trained on 1,000 pairs of the WMT’14 En-De news commentary sample',
    );
  });

  it('writes width scales as HAT users read them', () => {
    expect([1, 0.5, 0.25, 0.125, 0.3].map(formatWidthScale)).toEqual([
      'full width',
      'width 1/2',
      'width 1/4',
      'width 1/8',
      'width × 0.3',
    ]);
  });
});
