/**
 * How prices and amounts are written in messages and reports. An hourly price keeps four significant
 * digits (`$0.0961/h`, `$21.96/h`); an amount keeps cents, and an amount under ten cents keeps two
 * significant digits, so that a small cost never reads `$0.00`.
 */
export function formatRate(usdPerHour: number): string {
  return `$${Number(usdPerHour.toPrecision(4))}/h`;
}

export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (Math.abs(amount) < 0.1) return `$${Number(amount.toPrecision(2))}`;
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `+12%` of `extra` over `base`, rounded to a whole percent. */
export function formatPercentOver(value: number, base: number): string {
  return `+${Math.round(((value - base) / base) * 100)}%`;
}
