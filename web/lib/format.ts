/**
 * Money in Indian format. Salaries are stored in LPA (lakh rupees per annum):
 * `formatInr(12.5)` → "₹12,50,000", `formatLpa(12.5)` → "12.5 LPA".
 */
const LAKH = 100_000;

const inr = new Intl.NumberFormat("en-IN", {
  style: "currency",
  currency: "INR",
  maximumFractionDigits: 0,
  minimumFractionDigits: 0,
});

const lpaNumber = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 2 });

/** An amount in LPA as rupees per year with Indian digit grouping: 12.5 → "₹12,50,000". */
export function formatInr(lpa: number): string {
  return inr.format(Math.round(lpa * LAKH));
}

/** An amount in LPA as "12.5 LPA" (up to two decimals, Indian grouping for large values). */
export function formatLpa(lpa: number): string {
  return `${lpaNumber.format(lpa)} LPA`;
}

/** "₹12,50,000 / 12.5 LPA", or `fallback` when there is no amount. */
export function formatSalary(lpa: number | null | undefined, fallback = "Not set"): string {
  if (lpa === null || lpa === undefined || Number.isNaN(lpa)) return fallback;
  return `${formatInr(lpa)} / ${formatLpa(lpa)}`;
}

/** A masked token suffix as shown to users: "••••abcd". */
export function maskedToken(suffix: string): string {
  return `••••${suffix}`;
}
