/**
 * Real wire copy through the real request parser and ingest core: the first N stories of the shared Reuters corpus
 * (text = "TITLE. body"; the title is split off at the first ". "), each sent as a POST /articles body, parsed by
 * parseIngestRequest and ingested by ingestArticle into an in-memory store. Prints the acceptance rate and the
 * reasons for refusals. The corpus is not in the repository; without it the script says so and exits 0.
 *
 *   npx tsx scripts/wire-acceptance.ts [corpus.jsonl] [--limit 2000]
 */
import { existsSync, readFileSync } from "node:fs";
import { DEFAULT_LIMITS } from "../lambdas/config.ts";
import { ValidationError } from "../lambdas/core/errors.ts";
import { ingestArticle } from "../lambdas/core/ingest/ingest.ts";
import { parseIngestRequest } from "../lambdas/core/ingest/request.ts";
import type { ArticleStore } from "../lambdas/core/ports.ts";
import { loadTagger } from "../lambdas/core/tagger/load.ts";

const args = process.argv.slice(2);
const limitAt = args.indexOf("--limit");
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 2000;
const file =
  args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--limit") ??
  "../shared/data/corpus-reuters-1987.jsonl";
if (!existsSync(file)) {
  console.log(`wire-acceptance: ${file} not found; nothing measured`);
  process.exit(0);
}

const ids = new Set<string>();
const store: ArticleStore = {
  put: async (a) => {
    if (ids.has(a.id)) return "duplicate";
    ids.add(a.id);
    return "created";
  },
  get: async () => undefined,
  queryByTopic: async () => [],
  alreadyAlerted: async () => new Set(),
  markAlerted: async () => {},
};
const deps = { store, tagger: loadTagger(), now: () => new Date("2026-05-14T00:00:00Z") };
const lines = readFileSync(file, "utf8").split("\n").filter(Boolean).slice(0, limit);
let accepted = 0;
const reasons = new Map<string, number>();
for (const line of lines) {
  const { text } = JSON.parse(line) as { text: string };
  const at = text.indexOf(". ");
  const [title, body] = at >= 0 ? [text.slice(0, at), text.slice(at + 2)] : [text, ""];
  try {
    const request = parseIngestRequest(
      { body: JSON.stringify({ title, body }), headers: { "content-type": "application/json" } },
      DEFAULT_LIMITS,
    );
    const [item] = request.items;
    if (item instanceof ValidationError) throw item;
    if (!item) throw new ValidationError("no item");
    await ingestArticle(item, deps);
    accepted++;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const reason = error.message.replace(/\d+/g, "N").replace(/"[^"]*"/g, '"…"');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
}
console.log(
  `${accepted}/${lines.length} wire stories accepted (${((100 * accepted) / lines.length).toFixed(2)}%), ${lines.length - accepted} refused`,
);
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(n).padStart(5)}  ${reason}`);
