/**
 * Page extraction measured on pages we wrote (test/fixtures/web/*.html, each with `<name>.article.txt`: the
 * headline on the first line, then the article's paragraphs). For each page: token precision and recall of the
 * stored text against the article text, whether the stored title equals the headline, and the time taken; and the
 * same figures for the previous behaviour (the whole page's text, the <title> as it is) side by side.
 *
 *   npx tsx scripts/page-extraction.ts [dir]
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { extractArticle } from "../lambdas/core/pages/extract.ts";
import { decodeDocument } from "../lambdas/core/text/decode.ts";
import { htmlToText } from "../lambdas/core/text/html.ts";

const dir = process.argv[2] ?? fileURLToPath(new URL("../test/fixtures/web/", import.meta.url));

const tokens = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** Token precision and recall of `got` against `reference` (multiset overlap). */
export function tokenPrecisionRecall(got: string, reference: string): { precision: number; recall: number } {
  const g = tokens(got);
  const r = tokens(reference);
  const counts = new Map<string, number>();
  for (const t of r) counts.set(t, (counts.get(t) ?? 0) + 1);
  let hit = 0;
  for (const t of g) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      hit++;
      counts.set(t, c - 1);
    }
  }
  return { precision: g.length ? hit / g.length : 0, recall: r.length ? hit / r.length : 0 };
}

const pages = readdirSync(dir)
  .filter((f) => f.endsWith(".html"))
  .sort();
const rows: string[] = [];
let sums = { p: 0, r: 0, title: 0, oldP: 0, oldR: 0, oldTitle: 0 };
for (const file of pages) {
  const name = file.replace(/\.html$/, "");
  const [headline = "", ...paragraphs] = readFileSync(join(dir, `${name}.article.txt`), "utf8")
    .trim()
    .split("\n");
  const { text: html } = decodeDocument(readFileSync(join(dir, file)), { kind: "html", what: file });
  const started = performance.now();
  const page = extractArticle(html, { url: `https://${name}.test/` });
  const ms = performance.now() - started;
  const now = tokenPrecisionRecall(page.text, paragraphs.join("\n"));
  const old = tokenPrecisionRecall(htmlToText(html), paragraphs.join("\n"));
  const oldTitle = htmlToText(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? "");
  const titleOk = page.title === headline;
  sums = {
    p: sums.p + now.precision,
    r: sums.r + now.recall,
    title: sums.title + (titleOk ? 1 : 0),
    oldP: sums.oldP + old.precision,
    oldR: sums.oldR + old.recall,
    oldTitle: sums.oldTitle + (oldTitle === headline ? 1 : 0),
  };
  rows.push(
    `${name.padEnd(34)} P ${now.precision.toFixed(3)} R ${now.recall.toFixed(3)} title ${titleOk ? "=" : "≠"}  ${ms.toFixed(0).padStart(4)} ms  ${page.method}` +
      `   | before: P ${old.precision.toFixed(3)} R ${old.recall.toFixed(3)} title ${oldTitle === headline ? "=" : "≠"}` +
      (titleOk ? "" : `\n${"".padEnd(36)}stored title: ${JSON.stringify(page.title)}`),
  );
}
const n = pages.length || 1;
console.log(rows.join("\n"));
console.log(
  `\n${pages.length} pages: mean precision ${(sums.p / n).toFixed(3)} (before ${(sums.oldP / n).toFixed(3)}), mean recall ${(sums.r / n).toFixed(3)} (before ${(sums.oldR / n).toFixed(3)}), titles equal to the headline ${sums.title}/${pages.length} (before ${sums.oldTitle}/${pages.length})`,
);
