/** The demo customer's purchases (GBP; a card's brand and last four digits only). Days are before the seeding date. */
export const DEMO_PURCHASES = [
  { reference: 'AC-10231', daysAgo: 3, description: 'Background removal credits: 50 images', amountMinor: 1299, cardBrand: 'Visa', cardLast4: '4242' },
  { reference: 'AC-10187', daysAgo: 34, description: 'Pro plan, monthly', amountMinor: 900, cardBrand: 'Visa', cardLast4: '4242' },
  { reference: 'AC-10142', daysAgo: 64, description: 'Pro plan, monthly', amountMinor: 900, cardBrand: 'Visa', cardLast4: '4242' },
  { reference: 'AC-10096', daysAgo: 95, description: 'High-resolution export add-on', amountMinor: 499, cardBrand: 'Mastercard', cardLast4: '5100' },
  { reference: 'AC-10021', daysAgo: 180, description: 'Background removal credits: 200 images, team pack for Harbour & Lantern Studio', amountMinor: 4500, cardBrand: 'Mastercard', cardLast4: '5100' },
] as const;
