import { describe, expect, it } from 'vitest';
import { configKey } from '../../src/core/config';
import {
  configFromKey,
  configToParam,
  decodeUrlState,
  encodeUrlState,
  type UrlSettings,
} from '../../src/app/url-state';
import { HAND_IWSLT, HAND_WMT } from '../core/hand-configs';

const SETTINGS: UrlSettings = {
  space: 'hat-wmt',
  profileId: 'profile-0123456789abcdef',
  algorithm: 'sweep',
  budgetsMs: [150, 200.5],
  population: 20,
  iterations: 3,
  parents: 4,
  mutations: 8,
  crossovers: 8,
  mutationProb: 0.3,
  seed: 7,
};

describe('URL state', () => {
  it('round-trips settings and the selected config', () => {
    const query = encodeUrlState(SETTINGS, HAND_WMT);
    const decoded = decodeUrlState(query);
    expect(decoded.problems).toEqual([]);
    expect(decoded.settings).toEqual(SETTINGS);
    expect(decoded.selected).toEqual(HAND_WMT);
  });

  it('carries the budget rule’s confidence, and leaves it out for the point rule', () => {
    const safe = decodeUrlState(encodeUrlState({ ...SETTINGS, latencyConfidence: 0.95 }, null));
    expect(safe.settings.latencyConfidence).toBe(0.95);
    expect(encodeUrlState({ ...SETTINGS, latencyConfidence: null }, null)).not.toContain('conf=');
    const bad = decodeUrlState('conf=1.5&seed=3');
    expect(bad.settings).toEqual({ seed: 3 });
    expect(bad.problems).toEqual(['conf: must be a confidence from 0.5 to below 1, got "1.5"']);
  });

  it('keeps the query readable: no escaped separators in the config', () => {
    const query = encodeUrlState({ ...SETTINGS, profileId: null }, HAND_WMT);
    expect(query).not.toContain('%');
    expect(query).not.toContain('profile=');
    expect(query).toContain(`config=${configToParam(HAND_WMT)}`);
  });

  it('leaves an imported checkpoint’s space and its config out of a link (its files cannot travel with it)', () => {
    const query = encodeUrlState({ ...SETTINGS, space: 'checkpoint HAT_wmt14ende_super_space0.pt' }, HAND_WMT);
    expect(query).not.toMatch(/(^|&)space=/);
    expect(query).not.toContain('config=');
    expect(decodeUrlState(query).problems).toEqual([]);
  });

  it('reads configKey text in both separators and refuses anything else', () => {
    expect(configFromKey(configKey(HAND_IWSLT))).toEqual(HAND_IWSLT);
    expect(configFromKey(configToParam(HAND_IWSLT))).toEqual(HAND_IWSLT);
    expect(configFromKey('640_6')).toBeNull();
    expect(configFromKey('a_6_1_1_640_1_1_1_1_1')).toBeNull();
  });

  it('names each bad parameter, ignores it, and still applies the good ones', () => {
    const decoded = decodeUrlState('space=nope&algo=evil&budget=-3&pop=2.5&mprob=2&seed=9&iter=4');
    expect(decoded.settings).toEqual({ seed: 9, iterations: 4 });
    expect(decoded.problems).toHaveLength(5);
    expect(decoded.problems.join('\n')).toMatch(/^space: unknown search space "nope"$/m);
    expect(decoded.problems.join('\n')).toMatch(/^mprob: /m);
  });

  it('refuses a selected config outside the URL’s space', () => {
    // HAND_IWSLT has FFN 512 and 2 heads: not in the WMT space.
    const decoded = decodeUrlState(`space=hat-wmt&config=${configToParam(HAND_IWSLT)}`);
    expect(decoded.selected).toBeNull();
    expect(decoded.problems[0]).toMatch(/^config: not in hat-wmt: encoder\.ffnEmbedDims\[2\]/);
    expect(decodeUrlState(`space=hat-iwslt&config=${configToParam(HAND_IWSLT)}`).selected).toEqual(HAND_IWSLT);
  });

  it('takes negative seeds but not negative sizes', () => {
    expect(decodeUrlState('seed=-5').settings).toEqual({ seed: -5 });
    expect(decodeUrlState('pop=-5').problems).toEqual(['pop: must be a whole number from 1, got "-5"']);
  });
});
