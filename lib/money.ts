/** Digits after the decimal point for a currency (GBP 2, JPY 0), as Intl knows them. */
function minorDigits(currency: string) {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount stored in minor units, formatted for people: 1999 GBP → "£19.99". */
export function formatMoney(amountMinor: number, currency: string, locale = 'en-GB') {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amountMinor / 10 ** digits);
}

/** A purchase as the Purchases page shows it (server/account/purchases.ts). */
export interface PurchaseView {
  id: number;
  reference: string;
  placedAt: string;
  description: string;
  amountMinor: number;
  currency: string;
  cardBrand: string;
  cardLast4: string;
}
