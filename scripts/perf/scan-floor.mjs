// The scan floor: the same JSON-lines I/O as `wirewatch tag` (readline in, one JSON line out per input) around
// one precompiled regular expression, the alternation of every topic's trigger words. Nothing can tag faster
// than this scan. The pattern comes from the bench: WIREWATCH_FLOOR_PATTERN and WIREWATCH_FLOOR_FLAGS.
import { createInterface } from "node:readline";

const pattern = new RegExp(
  process.env.WIREWATCH_FLOOR_PATTERN ?? "$^",
  process.env.WIREWATCH_FLOOR_FLAGS ?? "g",
);
const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
for await (const line of lines) {
  if (!line.trim()) continue;
  const item = JSON.parse(line);
  const hits = String(item.text ?? "").match(pattern)?.length ?? 0;
  if (!process.stdout.write(`${JSON.stringify({ id: item.id, hits })}\n`)) {
    await new Promise((resolve) => process.stdout.once("drain", resolve));
  }
}
