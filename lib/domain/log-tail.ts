/** Keeps the end of an evaluator's output, where the error usually is, and says how much was cut. */
export function boundLog(log: string, maxChars: number): string {
  if (log.length <= maxChars) return log;
  const tail = log.slice(log.length - maxChars);
  return `[lineage: ${log.length - maxChars} characters cut from the start]\n${tail}`;
}
