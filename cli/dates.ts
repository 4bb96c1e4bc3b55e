/** Dates as the CLI shows them: whole days left until expiry (negative once expired). */
const DAY_MS = 86_400_000;

export const daysUntil = (date: Date, now: Date): number => Math.floor((date.getTime() - now.getTime()) / DAY_MS);

/** "89 days left" or "expired 3 days ago". */
export const daysLeftText = (days: number): string => (days >= 0 ? `${days} days left` : `expired ${-days} days ago`);

/** "2026-01-01T00:00:00.000Z → 2026-03-31T00:00:00.000Z (89 days left)". */
export const validityText = (notBefore: string, notAfter: string, daysToExpiry: number): string =>
    `${notBefore} → ${notAfter} (${daysLeftText(daysToExpiry)})`;
