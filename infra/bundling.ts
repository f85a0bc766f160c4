/**
 * Build-time pieces shared by the function construct, the CLI build (scripts/build-cli.ts) and the bench/size
 * scripts: the topic definitions, validated and compiled into each bundle through esbuild's `inject`.
 */

import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
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
  const json = JSON.stringify(
    sharedTermGroups(definitions.map(({ description, metadata, ...matching }) => matching)),
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

/**
 * The definitions with every term group that more than one topic defines identically (a review lead, a fiction
 * cue: 2.6 KB of the shipped topics) written once, in `shared`, and referred to by its index there. Each topic
 * file stays whole for the people who read and edit it; only the bundle shares. The injected module maps the
 * indexes back, so the tagger receives the definitions as the files give them.
 */
export function sharedTermGroups<T extends { terms: Record<string, unknown> }>(
  topics: readonly T[],
): { shared: unknown[]; topics: (Omit<T, "terms"> & { terms: Record<string, unknown> })[] } {
  const count = new Map<string, number>();
  for (const t of topics)
    for (const v of Object.values(t.terms)) {
      const key = JSON.stringify(v);
      count.set(key, (count.get(key) ?? 0) + 1);
    }
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
