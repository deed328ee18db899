import { describe, expect, it } from 'vitest';
import { TABS, tabFromHash } from '../../src/app/tabs';

describe('views in the URL', () => {
  it('opens the tab the hash names, and the search otherwise', () => {
    expect(TABS.map((t) => t.id)).toEqual(['search', 'profiles', 'measure', 'model']);
    expect(tabFromHash('#profiles')).toBe('profiles');
    expect(tabFromHash('#model')).toBe('model');
    expect(tabFromHash('')).toBe('search');
    expect(tabFromHash('#')).toBe('search');
    expect(tabFromHash('#nope')).toBe('search');
    expect(tabFromHash('#constructor')).toBe('search');
  });
});
