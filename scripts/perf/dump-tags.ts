/**
 * Prints every tag the tagger of a checkout gives on the shared corpora, one JSON line per item and pass, for
 * scripts/perf/same-tags.ts to diff across checkouts. Imports the other checkout's own sources (and so its own
 * node_modules), so the two runs differ only in the code under test.
 * Usage: tsx scripts/perf/dump-tags.ts --root <checkout> [--topics dir] <corpus.jsonl>...
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const take = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const root = resolve(take("--root") ?? ".");
const topics = take("--topics");
const files = args;

type Tagger = { tag(text: string, options?: { referenceDate?: string }): unknown[] };
const load = (await import(pathToFileURL(join(root, "lambdas/core/tagger/load.ts")).href)) as {
  loadTagger(dir?: string): Tagger;
};
const tagger = load.loadTagger(topics ? resolve(topics) : undefined);

/** A reference date per item for texts that carry none, spread over a year so relative phrases resolve widely. */
function syntheticDate(id: string): string {
  const h = createHash("sha256").update(id).digest();
  const day = new Date(Date.UTC(1987, 0, 1) + (h.readUInt16BE(0) % 365) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

const out: string[] = [];
for (const file of files) {
  const name = file.split("/").at(-1);
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const item = JSON.parse(line) as { id: string; text: string; date?: string | null };
    // As given (with the item's date, or none), and with a date when the item has none.
    out.push(
      JSON.stringify([
        name,
        item.id,
        "given",
        tagger.tag(item.text, item.date ? { referenceDate: item.date } : {}),
      ]),
    );
    if (!item.date)
      out.push(
        JSON.stringify([
          name,
          item.id,
          "dated",
          tagger.tag(item.text, { referenceDate: syntheticDate(item.id) }),
        ]),
      );
  }
}
process.stdout.write(`${out.join("\n")}\n`);
