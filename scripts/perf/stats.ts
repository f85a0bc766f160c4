/** Small statistics and formatting helpers shared by the bench, size and cost scripts. */
import { type SpawnSyncOptions, spawnSync } from "node:child_process";

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Median and spread (min-max) of a series, for "x ms (a-b)" figures. */
export function summary(xs: readonly number[]): { median: number; min: number; max: number; n: number } {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

export const ms = (x: number, digits = 0) => `${x.toFixed(digits)} ms`;
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

/** Wall time of a whole process, in ms, with its exit status (throws when it cannot start). */
export function timeProcess(
  command: string,
  args: readonly string[],
  options: SpawnSyncOptions = {},
): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 30, ...options });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms: elapsed, status: r.status, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? "") };
}

/** Prints rows as aligned columns (first column left-aligned, the rest right-aligned). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  "),
    )
    .join("\n");
}
