/** The profile's fields, their labels and which are required: no zod, so the page's first load can name them (the schemas are in profile.ts). */
export const PROFILE_FIELDS = {
  fullName: { label: 'Full name', required: true },
  preferredName: { label: 'Preferred name', required: false },
  dateOfBirth: { label: 'Date of birth', required: false },
  addressLine1: { label: 'Address line 1', required: false },
  addressLine2: { label: 'Address line 2', required: false },
  city: { label: 'Town or city', required: false },
  region: { label: 'County, state or region', required: false },
  postalCode: { label: 'Postal code', required: false },
  country: { label: 'Country', required: false },
  company: { label: 'Company', required: false },
  preferredLanguage: { label: 'Preferred language', required: false },
  timeZone: { label: 'Time zone', required: false },
} as const;

export type ProfileField = keyof typeof PROFILE_FIELDS;
export const PROFILE_FIELD_NAMES = Object.keys(PROFILE_FIELDS) as ProfileField[];
