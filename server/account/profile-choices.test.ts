import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/profile-choices/route';
import { COUNTRY_CODES, LANGUAGES } from '@/lib/countries';
import { profileChoices, savedChoices } from './profile-choices';

describe('the profile form lists', () => {
  it('are served whole, named on the server, and cacheable: they are about no one', async () => {
    const res = GET();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    const body = (await res.json()) as ReturnType<typeof profileChoices>;
    expect(body.countries).toHaveLength(COUNTRY_CODES.length);
    expect(body.countries).toContainEqual(['FR', 'France']);
    expect(body.languages).toHaveLength(LANGUAGES.length);
    expect(body.timeZones).toContain('Europe/Paris');
    // Sorted by name, as the select shows them.
    const names = body.countries.map(([, n]) => n);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it('the page renders only the saved choices, with the same names', () => {
    expect(savedChoices({ country: 'FR', preferredLanguage: 'de', timeZone: 'Europe/Paris' })).toEqual({ countries: [['FR', 'France']], languages: [['de', 'German']], timeZones: ['Europe/Paris'] });
    expect(savedChoices({ country: null, preferredLanguage: null, timeZone: null })).toEqual({ countries: [], languages: [], timeZones: [] });
  });
});
