import { largestConfig, smallestConfig, type SubTransformerConfig } from '../../core/config';
import { configFeatures } from '../../core/features';
import { sampleConfig } from '../../core/gene';
import { predictLatencyMs } from '../../core/latency/predictor';
import { createRng } from '../../core/rng';
import { builtinSpace } from '../../core/space';
import { formatLatencyMs } from '../format';
import { useProfilesStore } from '../profiles-store';

const describe = (c: SubTransformerConfig): string => {
  const mean = (xs: number[]): number => Math.round(xs.reduce((s, x) => s + x, 0) / xs.length);
  return (
    `enc ${c.encoder.embedDim}×${c.encoder.layerNum} (FFN ${mean(c.encoder.ffnEmbedDims)}), ` +
    `dec ${c.decoder.embedDim}×${c.decoder.layerNum} (FFN ${mean(c.decoder.ffnEmbedDims)})`
  );
};

/** The same few configs (the WMT space's smallest and largest, three seeded samples) on every profile's predictor. */
function comparisonConfigs(): { name: string; config: SubTransformerConfig }[] {
  const space = builtinSpace('hat-wmt');
  if (!space) return [];
  const rng = createRng(2020);
  return [
    { name: 'smallest', config: smallestConfig(space) },
    ...[1, 2, 3].map((i) => ({ name: `sample ${i}`, config: sampleConfig(space, rng) })),
    { name: 'largest', config: largestConfig(space) },
  ];
}

// Computed once: the rows of the table never change.
const COMPARISON_CONFIGS = comparisonConfigs();

export function ProfileComparison() {
  const profiles = useProfilesStore((s) => s.profiles);
  const withPredictor = profiles.filter((p) => p.predictor);
  const configs = COMPARISON_CONFIGS;
  if (withPredictor.length < 2) return null;
  const columns = withPredictor.map((p) => ({
    profile: p,
    latencyMs: predictLatencyMs(
      p.predictor!,
      configs.map((c) => configFeatures(c.config)),
    ),
  }));
  return (
    <div className="comparison" data-testid="profile-comparison">
      <h3>Same configs, several devices</h3>
      <table className="metrics">
        <caption>Predicted total latency (encoder + decoder) of configs from HAT’s WMT space</caption>
        <thead>
          <tr>
            <th scope="col">config</th>
            {columns.map(({ profile }) => (
              <th scope="col" key={profile.id}>
                {profile.device}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {configs.map((c, i) => (
            <tr key={c.name}>
              <th scope="row" title={describe(c.config)}>
                {c.name}: {describe(c.config)}
              </th>
              {columns.map(({ profile, latencyMs }) => (
                <td key={profile.id}>{formatLatencyMs(latencyMs[i]!)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
