"use client";
// Failed trials on their own lane under the score curve: one row per failure label, same x axis.
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { HypothesisText } from "@/components/ui/hypothesis-text";
import { VisibleText } from "@/components/ui/visible-text";
import { failureColor } from "./palette";

export type FailureMark = { id: string; x: number; seq: number; label: string; agent: string; hypothesis: string | null };

function HoverCard({ active, payload }: { active?: boolean; payload?: { payload?: FailureMark }[] }) {
  const d = payload?.[0]?.payload;
  if (!active || !d) return null;
  return (
    <div className="hover-card">
      <div>
        <strong>#{d.seq}</strong> · <VisibleText text={d.agent} /> · <span className="bad">{d.label}</span>
      </div>
      <div className="hover-hypothesis">
        <HypothesisText text={d.hypothesis} />
      </div>
    </div>
  );
}

export function FailureLane({
  marks,
  labels,
  domain,
  formatX,
  onOpen,
}: {
  marks: FailureMark[];
  labels: string[];
  domain: [number, number];
  formatX: (x: number) => string;
  onOpen: (id: string) => void;
}) {
  if (labels.length === 0) return null;
  return (
    <ResponsiveContainer width="100%" height={30 + labels.length * 24}>
      <ScatterChart margin={{ top: 4, right: 20, bottom: 4, left: 10 }}>
        <CartesianGrid stroke="#f2f2f2" />
        <XAxis type="number" dataKey="x" domain={domain} tickFormatter={formatX} hide />
        <YAxis type="category" dataKey="label" ticks={labels} allowDuplicatedCategory={false} width={110} tick={{ fontSize: 11 }} />
        <Tooltip shared={false} content={<HoverCard />} isAnimationActive={false} />
        {labels.map((label) => (
          <Scatter
            key={label}
            name={label}
            data={marks.filter((m) => m.label === label)}
            fill={failureColor(label)}
            shape="cross"
            isAnimationActive={false}
            cursor="pointer"
            onClick={(item) => item.payload?.id && onOpen(item.payload.id)}
          />
        ))}
      </ScatterChart>
    </ResponsiveContainer>
  );
}
