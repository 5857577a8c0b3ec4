import type { TPercentRange, Verdict } from '@canteen/shared';

/** Green inside the range; amber within the margin (a share of the nearer bound) outside it; red beyond. */
export function rangeVerdict(
  value: number | null,
  range: TPercentRange,
  amberMarginPercent: number,
): Verdict {
  if (value === null) return 'amber';
  if (value >= range.min && value <= range.max) return 'green';
  const bound = value < range.min ? range.min : range.max;
  return Math.abs(value - bound) <= (bound * amberMarginPercent) / 100 ? 'amber' : 'red';
}

/**
 * A value against its target range: the track runs from 0 to a little past the larger of the two,
 * the range is shaded and the value is a bar coloured by its verdict.
 */
export function RangeBar({
  label,
  value,
  range,
  amberMarginPercent,
  unit = '%',
}: {
  label: string;
  value: number | null;
  range: TPercentRange;
  amberMarginPercent: number;
  unit?: string;
}) {
  const verdict = rangeVerdict(value, range, amberMarginPercent);
  const scale = Math.max(range.max * 1.25, (value ?? 0) * 1.05, 1);
  const pct = (x: number) => `${Math.min(100, (x / scale) * 100)}%`;
  return (
    <div className="range-bar" data-verdict={verdict}>
      <div className="range-bar-head">
        <span className="range-bar-label">{label}</span>
        <span className="range-bar-value tabular">
          {value === null ? '—' : `${Math.round(value)}${unit}`}
          <span className="range-bar-target">
            {' '}
            / {range.min}–{range.max}
            {unit}
          </span>
        </span>
      </div>
      <div className="range-bar-track">
        <div
          className="range-bar-band"
          style={{ left: pct(range.min), width: `calc(${pct(range.max)} - ${pct(range.min)})` }}
        />
        {value !== null && (
          <div className={`range-bar-fill range-bar-${verdict}`} style={{ width: pct(value) }} />
        )}
      </div>
    </div>
  );
}
