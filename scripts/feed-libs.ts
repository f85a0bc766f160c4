/**
 * Measures the feed-parser candidates on hostile and odd feeds we write here, and their minified bundle cost, so
 * the choice in lambdas/core/feeds/parse-feed.ts rests on figures. `npx tsx scripts/feed-libs.ts`.
 *
 * Each case states what a correct parser does: return the entries' titles (and links), or refuse. A library
 * "passes" a case when it does exactly that; "refused" where a refusal is right counts as a pass, a silent wrong
 * result (expanded entities, a dropped entry, a garbled title) as a failure. Byte decoding is not measured here:
 * every candidate takes a string, so bytes are ours to decode (lambdas/core/text/decode.ts, tested on its own).
 */
import { build } from "esbuild";

interface Outcome {
  titles: string[];
  links: (string | undefined)[];
}
/** The titles (and links) a correct parser returns; "refuse"; or "unexpanded": refused, or entities left as they are. */
type Expect = { titles: string[]; links?: (string | undefined)[] } | "refuse" | "unexpanded";

const rss = (items: string, head = "", ns = "") =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"${ns}><channel><title>Harbour</title><link>https://h.test/</link>${head}${items}</channel></rss>`;
const item = (title: string, link = "https://h.test/1", extra = "") =>
  `<item><title>${title}</title><link>${link}</link>${extra}</item>`;
const laughs = (() => {
  let dtd = '<!ENTITY l0 "ha">';
  for (let i = 1; i <= 9; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
  return `<?xml version="1.0"?><!DOCTYPE rss [${dtd}]>${rss(item("&l9;")).replace(/^<\?xml[^>]*\?>/, "")}`;
})();

const CASES: [string, string, Expect][] = [
  [
    "RSS 2.0",
    rss(item("Quay reopens") + item("Tug fleet grows", "https://h.test/2")),
    { titles: ["Quay reopens", "Tug fleet grows"] },
  ],
  [
    "RSS 1.0 (RDF)",
    `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://r.test/"><title>R</title><link>https://r.test/</link></channel><item rdf:about="https://r.test/1"><title>Ferry timetable changes</title><link>https://r.test/1</link></item></rdf:RDF>`,
    { titles: ["Ferry timetable changes"], links: ["https://r.test/1"] },
  ],
  [
    "Atom",
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2026-05-01T00:00:00Z</updated><entry><title>Council votes on budget</title><id>urn:a:1</id><link rel="alternate" href="https://a.test/1"/><updated>2026-05-01T00:00:00Z</updated></entry></feed>`,
    { titles: ["Council votes on budget"], links: ["https://a.test/1"] },
  ],
  [
    "JSON Feed 1.1",
    JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "J",
      items: [
        {
          id: "1",
          url: "https://j.test/1",
          title: "Rail strike called off",
          content_text: "Talks succeeded.",
        },
      ],
    }),
    { titles: ["Rail strike called off"], links: ["https://j.test/1"] },
  ],
  [
    "entities and a ticker in a title",
    rss(item("Profit &lt;5% at &lt;IBM&gt; &amp; partners")),
    { titles: ["Profit <5% at <IBM> & partners"] },
  ],
  [
    "CDATA title",
    rss(item("<![CDATA[Tariffs & <quotas> explained]]>")),
    { titles: ["Tariffs & <quotas> explained"] },
  ],
  [
    "HTML in description",
    rss(
      item(
        "Storm",
        "https://h.test/1",
        "<description>&lt;p&gt;Winds of &lt;b&gt;90 km/h&lt;/b&gt;&lt;/p&gt;</description>",
      ),
    ),
    { titles: ["Storm"] },
  ],
  [
    "content:encoded and dc:date",
    rss(
      item(
        "Harbour dues rise",
        "https://h.test/1",
        "<content:encoded><![CDATA[<p>Full text</p>]]></content:encoded><dc:date>2026-05-01T08:00:00Z</dc:date>",
      ),
      "",
      ' xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ),
    { titles: ["Harbour dues rise"] },
  ],
  [
    "relative link",
    rss(item("Pier lights fixed", "/news/pier")),
    { titles: ["Pier lights fixed"], links: ["/news/pier"] },
  ],
  [
    "missing guid and link",
    rss("<item><title>Notice to mariners</title><description>Buoy moved.</description></item>"),
    { titles: ["Notice to mariners"], links: [undefined] },
  ],
  [
    "a declared encoding that differs from the (decoded) text",
    rss(item("Caf\u00e9 owners protest")).replace("UTF-8", "ISO-8859-1"),
    { titles: ["Caf\u00e9 owners protest"] },
  ],
  [
    "windows-1252 smart quotes (decoded)",
    rss(item("\u201cNo deal\u201d, says union")),
    { titles: ["\u201cNo deal\u201d, says union"] },
  ],
  [
    "undeclared namespace prefix",
    rss(item("Tide tables", "https://h.test/1", "<media:thumbnail url='x'/>")),
    { titles: ["Tide tables"] },
  ],
  ["leading whitespace and a BOM", `\uFEFF  \n${rss(item("Quay reopens"))}`, { titles: ["Quay reopens"] }],
  ["truncated XML", rss(item("Quay reopens") + item("Tug fleet grows")).slice(0, -60), "refuse"],
  [
    "not a feed (an HTML page)",
    "<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>",
    "refuse",
  ],
  ["not XML at all", "Service temporarily unavailable", "refuse"],
  ["empty document", "", "refuse"],
  ["entity expansion (billion laughs)", laughs, "unexpanded"],
  [
    "RSS 0.91 with its public DOCTYPE",
    `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><link>https://o.test/</link><item><title>Lock gates repaired</title><link>https://o.test/1</link></item></channel></rss>`,
    { titles: ["Lock gates repaired"] },
  ],
  [
    "HTML entities XML does not define (&eacute; &nbsp;)",
    rss(item("Caf&eacute;&nbsp;owners protest")),
    { titles: ["Caf\u00e9\u00a0owners protest"] },
  ],
  [
    "Atom with an HTML title and XHTML content",
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2026-05-01T00:00:00Z</updated><entry><title type="html">Rates &amp;lt;b&amp;gt;rise&amp;lt;/b&amp;gt;</title><id>urn:a:2</id><link href="https://a.test/2"/><updated>2026-05-01T00:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Banks <b>follow</b>.</p></div></content></entry></feed>`,
    { titles: ["Rates <b>rise</b>"] },
  ],
  [
    "external entity (XXE)",
    `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>${rss(item("A &x; B")).replace(/^<\?xml[^>]*\?>/, "")}`,
    "refuse",
  ],
];

const HUGE_ITEMS = 5_000;
const huge = rss(
  Array.from({ length: HUGE_ITEMS }, (_, i) =>
    item(`Item ${i}`, `https://h.test/${i}`, `<description>${"word ".repeat(40)}</description>`),
  ).join(""),
);

type Parse = (text: string) => Promise<Outcome>;
const candidates: { name: string; importLine: string; parse: () => Promise<Parse> }[] = [
  {
    name: "feedsmith",
    importLine: 'import { parseFeed } from "feedsmith"; console.log(parseFeed);',
    parse: async () => {
      const { parseFeed } = await import("feedsmith");
      const { decodeHTML } = await import("entities");
      return async (text) => {
        const out = parseFeed(text) as { format: string; feed: Record<string, unknown> };
        const f = out.feed as { items?: Record<string, unknown>[]; entries?: Record<string, unknown>[] };
        const list = f.items ?? f.entries ?? [];
        // Atom text constructs carry their type: an "html" title is HTML, decoded once more (as the spec says).
        const str = (v: unknown) => {
          if (typeof v !== "object" || !v) return v as string | undefined;
          const { value, type } = v as { value?: string; type?: string };
          return type === "html" && value ? decodeHTML(value) : value;
        };
        return {
          titles: list.map((i) => str(i.title) ?? ""),
          links: list.map(
            (i) =>
              (i.link as string) ??
              (i.url as string) ??
              (i.links as { href: string }[] | undefined)?.[0]?.href,
          ),
        };
      };
    },
  },
  {
    name: "@rowanmanning/feed-parser",
    importLine: 'import { parseFeed } from "@rowanmanning/feed-parser"; console.log(parseFeed);',
    parse: async () => {
      const { parseFeed } = await import("@rowanmanning/feed-parser");
      return async (text) => {
        const feed = parseFeed(text);
        return {
          titles: feed.items.map((i) => i.title ?? ""),
          links: feed.items.map((i) => i.url ?? undefined),
        };
      };
    },
  },
  {
    name: "rss-parser",
    importLine: 'import P from "rss-parser"; console.log(P);',
    parse: async () => {
      const { default: Parser } = await import("rss-parser");
      const parser = new Parser();
      return async (text) => {
        const feed = await parser.parseString(text);
        return { titles: feed.items.map((i) => i.title ?? ""), links: feed.items.map((i) => i.link) };
      };
    },
  },
  // biome-ignore-start lint/suspicious/noExplicitAny: the own mapping reads an untyped document, as a first draft would
  {
    name: "fast-xml-parser (+ own mapping)",
    importLine: 'import { XMLParser } from "fast-xml-parser"; console.log(XMLParser);',
    parse: async () => {
      const { XMLParser } = await import("fast-xml-parser");
      const parser = new XMLParser({ ignoreAttributes: false, processEntities: true });
      return async (text) => {
        const doc = parser.parse(text, true) as Record<string, any>;
        const asList = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
        const text_ = (v: any): string =>
          typeof v === "object" && v ? String(v["#text"] ?? "") : String(v ?? "");
        const items = asList(doc.rss?.channel?.item ?? doc["rdf:RDF"]?.item ?? doc.feed?.entry);
        if (!doc.rss && !doc["rdf:RDF"] && !doc.feed) throw new Error("not RSS, RDF or Atom (own mapping)");
        return {
          titles: items.map((i: any) => text_(i.title)),
          links: items.map((i: any) => (typeof i.link === "object" ? i.link["@_href"] : i.link)),
        };
      };
    },
  },
  // biome-ignore-end lint/suspicious/noExplicitAny: see above
];

function verdict(expect: Expect, got: Outcome | Error): { pass: boolean; note: string } {
  if (got instanceof Error)
    return {
      pass: expect === "refuse" || expect === "unexpanded",
      note: `refused: ${got.message.split("\n")[0]?.slice(0, 60)}`,
    };
  if (expect === "unexpanded")
    return got.titles.every((t) => t.length < 100)
      ? { pass: true, note: `not expanded: ${JSON.stringify(got.titles[0])}` }
      : { pass: false, note: `EXPANDED to ${got.titles[0]?.length} characters` };
  if (expect === "refuse")
    return {
      pass: false,
      note: `accepted (${got.titles.length} entries: ${JSON.stringify(got.titles[0]?.slice(0, 40))})`,
    };
  const titlesOk = JSON.stringify(got.titles) === JSON.stringify(expect.titles);
  // A link resolved against the channel's link is as right as the raw one.
  const resolved = (links: (string | undefined)[]) =>
    links.map((l) => (l ? new URL(l, "https://h.test/").href : l));
  const linksOk =
    !expect.links || JSON.stringify(resolved(got.links)) === JSON.stringify(resolved(expect.links));
  if (titlesOk && linksOk) return { pass: true, note: "ok" };
  return { pass: false, note: `wrong: ${JSON.stringify(titlesOk ? got.links : got.titles).slice(0, 70)}` };
}

async function bundleBytes(importLine: string): Promise<number> {
  const out = await build({
    stdin: { contents: importLine, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    minify: true,
    write: false,
    platform: "node",
    format: "esm",
    target: "node24",
    mainFields: ["module", "main"],
    logLevel: "silent",
  });
  return out.outputFiles[0]?.contents.byteLength ?? 0;
}

const rows: string[][] = [];
const summary: string[] = [];
for (const c of candidates) {
  const parse = await c.parse();
  let passed = 0;
  for (const [name, text, expect] of CASES) {
    const started = performance.now();
    let got: Outcome | Error;
    try {
      got = await parse(text);
    } catch (error) {
      got = error instanceof Error ? error : new Error(String(error));
    }
    const ms = performance.now() - started;
    const v = verdict(expect, got);
    if (v.pass) passed++;
    rows.push([c.name, name, v.pass ? "PASS" : "FAIL", `${ms.toFixed(1)} ms`, v.note]);
  }
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let hugeNote: string;
  try {
    const got = await parse(huge);
    hugeNote = `${got.titles.length} entries`;
  } catch (error) {
    hugeNote = `refused: ${(error as Error).message.slice(0, 40)}`;
  }
  const hugeMs = performance.now() - started;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const kb = (await bundleBytes(c.importLine)) / 1024;
  summary.push(
    `${c.name.padEnd(32)} ${String(passed).padStart(2)}/${CASES.length} cases   huge feed (${(huge.length / 1e6).toFixed(1)} MB, ${HUGE_ITEMS} items): ${hugeMs.toFixed(0)} ms, ${heapMb.toFixed(0)} MB heap, ${hugeNote}   bundle ${kb.toFixed(1)} KB min`,
  );
}

const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
for (const r of rows)
  console.log(r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join("  "));
console.log(`\n${summary.join("\n")}`);
