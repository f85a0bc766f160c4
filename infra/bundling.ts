/**
 * Build-time pieces shared by the function construct, the CLI build (scripts/build-cli.ts) and the bench/size
 * scripts: the topic definitions, validated and compiled into each bundle through esbuild's `inject`.
 */

import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { MACRO_REF } from "../lambdas/core/tagger/definition.ts";
import { loadTopicDefinitions, topicFileStamps } from "../lambdas/core/tagger/load.ts";
import { TOPICS_DIR } from "./config.ts";

/**
 * The source of an ES module for esbuild's `inject` that defines `__WIREWATCH_BUILTIN_TOPICS__` (read by
 * lambdas/core/tagger/load.ts) from the files in `dir`, validated now with the tagger's schema: an invalid
 * definition fails the build with the error naming its file and field. `besideSources` (the CLI build, which
 * runs inside the repository) also records `dir` relative to the bundle and the files' stamps, so the CLI
 * notices a topic file added or edited after its build.
 */
export function builtinTopicsModule(
  dir: string = TOPICS_DIR,
  options: { besideSources?: { outDir: string } } = {},
): string {
  const definitions = loadTopicDefinitions(dir);
  // JSON.parse of a string literal is the fastest way for V8 to build a large object; pure, so esbuild drops
  // it from bundles that never read the topics. The JSON goes in a String.raw template when it can (no
  // backtick or "${" in it), so each backslash of a pattern costs the two bytes JSON gives it, not the four a
  // quoted string literal does: about 2 KB less of every tagging bundle.
  // The prose of a definition (`description`, `metadata`) is for people reading topics/*.json: nothing at run
  // time reads it, so the bundles leave it out (1 KB).
  // Groups several topics define identically are shared as they are; the rest has its repeated fragments
  // written once each (factorRepeatedGroups).
  const matching = definitions.map(({ description, metadata, ...rest }) => rest);
  const counts = termGroupCounts(matching);
  const json = JSON.stringify(
    sharedTermGroups(
      matching.map((d) => factorRepeatedGroups(d, (v) => (counts.get(JSON.stringify(v)) ?? 0) > 1)),
    ),
  );
  // A tagged template is a call esbuild cannot prove pure, so the raw form goes inside a pure arrow: bundles that
  // never read the topics (notify, digest, remind) still drop it whole. The arrow also puts back the term groups
  // several topics share (sharedTermGroups).
  const parsed = /`|\$\{|\\$/.test(json)
    ? `JSON.parse(${JSON.stringify(json)})`
    : `JSON.parse(String.raw\`${json}\`)`;
  const data = `/* @__PURE__ */ (() => { const d = ${parsed}; return d.topics.map((t) => ({ ...t, terms: Object.fromEntries(Object.entries(t.terms).map(([k, v]) => [k, typeof v === "number" ? d.shared[v] : v])) })); })()`;
  const lines = ["// Generated at build time by builtinTopicsModule (infra/bundling.ts). Do not edit."];
  if (options.besideSources) {
    const rel = `${relative(options.besideSources.outDir, resolve(dir)).split("\\").join("/")}/`;
    lines.push(
      'import { fileURLToPath } from "node:url";',
      "export const __WIREWATCH_BUILTIN_TOPICS__ = {",
      `  definitions: ${data},`,
      "  source: {",
      `    dir: /* @__PURE__ */ fileURLToPath(new URL(${JSON.stringify(rel)}, import.meta.url)),`,
      `    files: ${JSON.stringify(topicFileStamps(dir))},`,
      "  },",
      "};",
    );
  } else lines.push(`export const __WIREWATCH_BUILTIN_TOPICS__ = { definitions: ${data} };`);
  return `${lines.join("\n")}\n`;
}

/** How many times each term group (by its JSON) is defined across `topics`. */
function termGroupCounts(topics: readonly { terms: Record<string, unknown> }[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const t of topics)
    for (const v of Object.values(t.terms)) {
      const key = JSON.stringify(v);
      count.set(key, (count.get(key) ?? 0) + 1);
    }
  return count;
}

/**
 * The definitions with every term group that more than one topic defines identically (a review lead, a fiction
 * cue: 2.6 KB of the shipped topics) written once, in `shared`, and referred to by its index there. Each topic
 * file stays whole for the people who read and edit it; only the bundle shares. The injected module maps the
 * indexes back, so the tagger receives the definitions as the files give them.
 */
export function sharedTermGroups<T extends { terms: Record<string, unknown> }>(
  topics: readonly T[],
): { shared: unknown[]; topics: (Omit<T, "terms"> & { terms: Record<string, unknown> })[] } {
  const count = termGroupCounts(topics);
  const shared: unknown[] = [];
  const index = new Map<string, number>();
  const refer = (v: unknown): unknown => {
    const key = JSON.stringify(v);
    if ((count.get(key) ?? 0) < 2) return v;
    let i = index.get(key);
    if (i === undefined) {
      i = shared.push(v) - 1;
      index.set(key, i);
    }
    return i;
  };
  return {
    shared,
    topics: topics.map((t) => ({
      ...t,
      terms: Object.fromEntries(Object.entries(t.terms).map(([k, v]) => [k, refer(v)])),
    })),
  };
}

type TermGroupValue =
  | readonly string[]
  | { readonly patterns: readonly string[]; readonly caseSensitive?: boolean };

/** The non-capturing groups of a regex source, outermost last: [start, end) of each `(?:...)`. */
function nonCapturingGroups(source: string): [number, number][] {
  const out: [number, number][] = [];
  const open: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") {
      // A character class: "(" and ")" inside it are literal.
      for (i++; i < source.length && source[i] !== "]"; i++) if (source[i] === "\\") i++;
    } else if (c === "(") open.push(i);
    else if (c === ")") {
      const start = open.pop();
      if (start !== undefined && source.startsWith("(?:", start)) out.push([start, i + 1]);
    }
  }
  return out;
}

/** Largest nesting of macro references below `text` (0 without any), given the macros' own depths. */
function macroDepth(text: string, depths: ReadonlyMap<string, number>): number {
  let depth = 0;
  // MACRO_REF also reads word gaps ({W0,3}), which nest nothing: their name group is empty.
  for (const m of text.matchAll(MACRO_REF))
    if (m[3] !== undefined) depth = Math.max(depth, (depths.get(m[3]) ?? 0) + 1);
  return depth;
}

const FACTOR_MIN_SAVING = 16;
// expandMacros refuses nesting deeper than 10; leave room.
const FACTOR_MAX_DEPTH = 8;

/**
 * A definition with each non-capturing group that its term patterns and macros repeat often enough to pay for
 * itself written once, as a macro (`Z0`, `Z1`, ...), and referred to where it stood. A reference expands to its
 * body in a non-capturing group, so every pattern expands to the same text as before: the tagger matches exactly
 * what the file says, and the topic files stay as their readers wrote them. Term groups `keep` says to leave
 * (those several topics share, written once by sharedTermGroups) are left whole. Build time only: the injected
 * module carries the macros, and the tagger's expandMacros already reads them.
 */
export function factorRepeatedGroups<
  T extends { macros: Record<string, string>; terms: Record<string, TermGroupValue> },
>(def: T, keep: (group: TermGroupValue) => boolean = () => false): T {
  const macros: Record<string, string> = { ...def.macros };
  const terms: Record<string, TermGroupValue> = {};
  // Every pattern that may be rewritten, as [read, write].
  const texts: [() => string, (s: string) => void][] = [];
  for (const [name, value] of Object.entries(def.terms)) {
    if (keep(value)) {
      terms[name] = value;
      continue;
    }
    const patterns = [...("patterns" in value ? value.patterns : value)];
    terms[name] = "patterns" in value ? { ...value, patterns } : patterns;
    for (let i = 0; i < patterns.length; i++)
      texts.push([() => patterns[i] as string, (s) => (patterns[i] = s)]);
  }
  const addMacroText = (name: string) =>
    texts.push([() => macros[name] as string, (s) => (macros[name] = s)]);
  for (const name of Object.keys(def.macros)) addMacroText(name);
  // How deep macro references nest below each macro: a fixpoint, recomputed after each round (no cycles).
  const depths = new Map<string, number>();
  const measureDepths = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, body] of Object.entries(macros)) {
        const d = macroDepth(body, depths);
        if (d !== depths.get(name)) {
          depths.set(name, d);
          changed = true;
        }
      }
    }
  };
  measureDepths();
  let next = 0;
  const newName = () => {
    while (`Z${next.toString(36).toUpperCase()}` in macros) next++;
    return `Z${(next++).toString(36).toUpperCase()}`;
  };
  for (;;) {
    // A round deepens any text's nesting by one at most (the groups it takes are disjoint), so stopping at
    // the limit keeps every pattern within expandMacros' reach.
    if (Math.max(0, ...texts.map(([read]) => macroDepth(read(), depths))) >= FACTOR_MAX_DEPTH) break;
    const count = new Map<string, number>();
    for (const [read] of texts) {
      const text = read();
      for (const [a, b] of nonCapturingGroups(text)) {
        const g = text.slice(a, b);
        count.set(g, (count.get(g) ?? 0) + 1);
      }
    }
    // The best candidates first (bytes saved: each use shrinks to "{Zn}", the body is written once); take each
    // that neither contains nor lies inside one already taken this round.
    const ranked = [...count]
      .filter(([g, n]) => n > 1 && !g.includes("{SCAN_END}"))
      .map(([g, n]) => [g, n * (g.length - 4) - (g.length + 8)] as const)
      .filter(([, saving]) => saving >= FACTOR_MIN_SAVING)
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    const taken: string[] = [];
    for (const [g] of ranked) if (!taken.some((t) => t.includes(g) || g.includes(t))) taken.push(g);
    if (taken.length === 0) break;
    const names = new Map(taken.map((g) => [g, newName()]));
    // The texts as they stand this round (the new macros' bodies are added after), each parsed once. Only the
    // occurrences that are groups (not text inside a class or after an escape) are replaced, last first; no
    // group taken lies inside another, so the spans replaced are disjoint.
    for (const [read, write] of [...texts]) {
      const text = read();
      let out = text;
      for (const [a, b] of nonCapturingGroups(text).reverse()) {
        const name = names.get(text.slice(a, b));
        if (name !== undefined) out = `${out.slice(0, a)}{${name}}${out.slice(b)}`;
      }
      if (out !== text) write(out);
    }
    for (const [g, name] of names) {
      macros[name] = g.slice(3, -1);
      addMacroText(name);
    }
    measureDepths();
  }
  return { ...def, macros, terms };
}

/**
 * Writes the injected topics module for `dir` to a file named by its content (under the OS temp directory
 * unless `outDir` is given) and returns its path, for esbuild's `inject` option.
 */
export function writeBuiltinTopicsModule(dir: string = TOPICS_DIR, outDir?: string): string {
  const text = builtinTopicsModule(dir);
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const target = outDir ?? join(tmpdir(), "wirewatch-build");
  mkdirSync(target, { recursive: true });
  const file = join(target, `builtin-topics-${hash}.mjs`);
  writeFileSync(file, text);
  return file;
}
