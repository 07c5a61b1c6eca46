/**
 * A rate with its 95 % confidence interval, drawn so uncertainty is visible: "1 of 2" shows a
 * bar spanning most of the scale, "20 of 100" a narrow one, even when both rates are 50 %. The
 * text says the same for screen readers and for anyone who prefers words.
 */
export interface RateWithInterval {
  successes: number;
  trials: number;
  /** Point estimate, 0–1; null when there are no trials. */
  rate: number | null;
  low: number | null;
  high: number | null;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** Below this many trials, or with an interval wider than this, the rate is "too early to tell". */
const FEW_TRIALS = 5;
const WIDE = 0.5;

export function isTooEarly(r: RateWithInterval): boolean {
  return r.trials < FEW_TRIALS || (r.low !== null && r.high !== null && r.high - r.low > WIDE);
}

/** The words for a rate: "10 of 20 · 50 % (likely 30–70 %)", or why there is no rate. */
export function rateText(r: RateWithInterval): string {
  if (r.trials === 0 || r.rate === null) return "No applications yet";
  const base = `${r.successes} of ${r.trials} · ${pct(r.rate)}`;
  if (r.low === null || r.high === null) return base;
  return `${base} (likely ${Math.round(r.low * 100)}–${pct(r.high)})`;
}

export function RateInterval({ value, dataTest }: { value: RateWithInterval; dataTest?: string }) {
  const { rate, low, high } = value;
  const early = isTooEarly(value);
  return (
    <div className="grid min-w-40 gap-1" data-test={dataTest} data-too-early={early ? "true" : undefined}>
      <span className="text-sm tabular-nums">
        {rateText(value)}
        {early && value.trials > 0 ? (
          <span className="block text-xs text-muted-foreground" data-test="rate-too-early">
            Too few applications to be sure
          </span>
        ) : null}
      </span>
      {rate !== null && low !== null && high !== null ? (
        <span aria-hidden className="relative block h-2 rounded-full bg-muted">
          <span
            className={
              early
                ? "absolute inset-y-0 rounded-full bg-primary/35"
                : "absolute inset-y-0 rounded-full bg-primary/60"
            }
            style={{ left: `${low * 100}%`, width: `${Math.max(1, (high - low) * 100)}%` }}
          />
          <span
            className="absolute -top-0.5 h-3 w-0.5 rounded bg-foreground"
            style={{ left: `calc(${rate * 100}% - 1px)` }}
          />
        </span>
      ) : null}
    </div>
  );
}
