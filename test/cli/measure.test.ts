import { describe, expect, it } from 'vitest';
import { sidecarPathFor } from '../../src/cli/measure';
import { runCli } from './run-cli';

describe('cli measure', () => {
  it('names the sidecar next to the CSV', () => {
    expect(sidecarPathFor('out/pi.csv')).toBe('out/pi.measure.json');
    expect(sidecarPathFor('rows')).toBe('rows.measure.json');
  });

  it('refuses bad arguments with one line and status 2, before loading tf.js', { timeout: 150_000 }, () => {
    // Two spawns only: each starts tsx, which is slow on a busy machine; the flag checks share one helper.
    const cases: [string[], RegExp][] = [
      [['measure', '--count', '2', '--out', 'x.csv'], /measure needs --space, one of hat-wmt, hat-iwslt/],
      [
        ['measure', '--space', 'hat-wmt', '--count', '2', '--out', 'x.csv', '--latiter', '1'],
        /--latiter must be a whole number of at least 2/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = runCli(args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
