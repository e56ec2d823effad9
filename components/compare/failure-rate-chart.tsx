"use client";
// Failures as a team lead reads them: each arm's failure rate per window of trials on one chart, and
// the share of its failed trials whose lesson a later trial on the same surface used to improve.
// Pure: figures in by props. Arm names reach the SVG as React text.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { VisibleText, revealBidi } from "@/components/ui/visible-text";

export type FailureArm = {
  key: string;
  label: string;
  colour: string;
  windows: { upTo: number; trials: number; failed: number; rate: number }[];
  failed: number;
  lessonsUsed: number;
  lessonShare: number | null;
};

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Each window drawn flat over its trials: a step at its first trial, the last one held to the window's end. */
function steps(windows: FailureArm["windows"], size: number) {
  const points = windows.map((w) => ({ upTo: w.upTo - size, rate: w.rate }));
  const last = windows.at(-1);
  return last ? [...points, { upTo: last.upTo, rate: last.rate }] : points;
}

export function FailureRateChart({ arms, windowSize }: { arms: FailureArm[]; windowSize: number }) {
  const drawn = arms.filter((a) => a.windows.length > 0);
  if (drawn.length === 0) return <p className="muted">No evaluated trial yet.</p>;
  return (
    <>
      <div className="compare-chart" data-testid="failure-rate-chart" role="img" aria-label={`Failure rate per window of ${windowSize} trials, per arm`}>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart margin={{ top: 8, right: 24, bottom: 20, left: 8 }}>
            <CartesianGrid stroke="#eee" />
            <XAxis
              type="number"
              dataKey="upTo"
              domain={[0, "dataMax"]}
              allowDecimals={false}
              label={{ value: `trials (windows of ${windowSize})`, position: "insideBottom", offset: -12 }}
            />
            <YAxis tickFormatter={pct} domain={[0, 1]} width={56} />
            <Tooltip formatter={(v) => pct(Number(v))} labelFormatter={(x) => `from trial ${Number(x) + 1}`} />
            <Legend verticalAlign="top" />
            {drawn.map((a) => (
              <Line
                key={a.key}
                data={steps(a.windows, windowSize)}
                dataKey="rate"
                name={revealBidi(a.label)}
                stroke={a.colour}
                type="stepAfter"
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="failure-lessons" data-testid="failure-lessons">
        {arms.map((a) => (
          <li key={a.key} data-testid="failure-lesson">
            <span style={{ color: a.colour }} aria-hidden="true">
              ■
            </span>{" "}
            <VisibleText text={a.label} />:{" "}
            {a.failed === 0 ? (
              <span className="muted">no failed trial</span>
            ) : (
              <>
                {a.lessonsUsed} of {a.failed} failed trials ({pct(a.lessonShare!)}) taught a later trial on the same surface that improved
              </>
            )}
          </li>
        ))}
      </ul>
      <p className="muted matched-note">
        A failure taught a later trial when that trial had it in its context (its context refs), was on the same surface, and was kept or became a new best.
      </p>
    </>
  );
}
