/**
 * The profile form's three lists: countries and languages as [code, name] pairs,
 * time zones as their ids (labelled with spaces for underscores). Named on the
 * server, so every browser shows the names the server validates against (their
 * ICU data differ). The page sends only the saved choices; the rest, 680
 * options that were half of /account/profile's render, come from
 * PROFILE_CHOICES_URL when the form is first used or the page is idle
 * (docs/decisions/037).
 */
export type ProfileChoices = { countries: readonly (readonly [string, string])[]; languages: readonly (readonly [string, string])[]; timeZones: readonly string[] };

export const PROFILE_CHOICES_URL = '/api/profile-choices';

export const timeZoneLabel = (zone: string) => zone.replaceAll('_', ' ');
