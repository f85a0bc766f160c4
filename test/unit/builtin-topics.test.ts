/**
 * Topic definitions compiled into the bundles at build time (infra/bundling.ts, read by tagger/load.ts): a new
 * file in the topics directory is in the next build, an invalid one fails the build naming it, and a bundle
 * tags with what it was built with even when no topics directory exists at run time.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import {
  builtinTopicsModule,
  factorRepeatedGroups,
  sharedTermGroups,
  writeBuiltinTopicsModule,
} from "../../infra/bundling.ts";
import { REPO_ROOT, TOPICS_DIR } from "../../infra/config.ts";
import { expandMacros } from "../../lambdas/core/tagger/definition.ts";
import { createTagger } from "../../lambdas/core/tagger/engine.ts";
import { builtinTopicDefinitions, loadTopicDefinitions } from "../../lambdas/core/tagger/load.ts";

const sanctions = {
  name: "sanctions",
  description: "Sanctions imposed by a state.",
  terms: { sanction: ["sanction(?:s|ed|ing)?"], state: ["government", "ministry"] },
  rules: [{ id: "state-sanctions", all: ["sanction", "state"], near: 10, weight: 0.9 }],
};

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-builtin-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Bundles a tiny entry that runs the tagger, as the functions do, with the topics of `topicsDir` injected. */
async function bundleTagger(topicsDir: string): Promise<string> {
  const out = join(tempDir(), "index.mjs");
  await build({
    stdin: {
      contents: [
        `import { loadTagger } from "./lambdas/core/tagger/load.ts";`,
        "const tagger = loadTagger();",
        "const tags = tagger.tag(process.argv[2]).map((t) => t.topic).sort();",
        "console.log(JSON.stringify({ topics: tagger.topics, tags }));",
      ].join("\n"),
      resolveDir: REPO_ROOT,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    outfile: out,
    inject: [writeBuiltinTopicsModule(topicsDir, tempDir())],
    banner: {
      js: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
    },
    logLevel: "error",
  });
  return out;
}

describe("topic definitions compiled into a bundle", () => {
  it("include a topic added as one file, and need no topics directory at run time", async () => {
    const dir = tempDir();
    cpSync(TOPICS_DIR, dir, { recursive: true });
    writeFileSync(join(dir, "sanctions.json"), JSON.stringify(sanctions));
    const bundle = await bundleTagger(dir);
    rmSync(dir, { recursive: true });
    const run = spawnSync(
      process.execPath,
      [bundle, "The ministry announced new sanctions on Westmark. Estmark expels two diplomats."],
      // No WIREWATCH_TOPICS_DIR, and a cwd with no topics/: the definitions can only come from the bundle.
      { encoding: "utf8", cwd: tmpdir(), env: { PATH: process.env.PATH } },
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      topics: ["deadline", "expulsions", "intelligence", "sanctions"],
      tags: ["expulsions", "sanctions"],
    });
  });

  it("fail the build on an invalid definition, naming its file and field", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "broken.json"), JSON.stringify({ ...sanctions, rules: [] }));
    expect(() => builtinTopicsModule(dir)).toThrow(/broken\.json: rules: a topic needs at least one rule/);
    writeFileSync(join(dir, "broken.json"), "{ not json");
    expect(() => writeBuiltinTopicsModule(dir, tempDir())).toThrow(/broken\.json: not valid JSON/);
  });

  /** The definitions a generated module exports, by importing it as the bundles do. */
  const definitionsOf = async (module: string) => {
    const file = join(tempDir(), "topics.mjs");
    writeFileSync(file, module);
    const mod = (await import(pathToFileURL(file).href)) as {
      __WIREWATCH_BUILTIN_TOPICS__: { definitions: unknown };
    };
    return mod.__WIREWATCH_BUILTIN_TOPICS__.definitions;
  };

  /**
   * A definition as matching reads it: without its prose, and each term pattern with its macros expanded (the
   * module writes repeated fragments as macros of its own, factorRepeatedGroups, so the text differs).
   */
  const matching = (defs: unknown) =>
    JSON.parse(
      JSON.stringify(
        (defs as ReturnType<typeof loadTopicDefinitions>).map(
          ({ description, metadata, macros, terms, ...rest }) => ({
            ...rest,
            terms: Object.fromEntries(
              Object.entries(terms).map(([k, v]) => [
                k,
                Array.isArray(v)
                  ? v.map((p) => expandMacros(p, macros))
                  : { ...v, patterns: v.patterns.map((p) => expandMacros(p, macros)) },
              ]),
            ),
          }),
        ),
      ),
    );

  it("are the validated definitions, defaults filled, that the files give, without their prose", async () => {
    const module = builtinTopicsModule(TOPICS_DIR);
    // A raw template: each backslash of a pattern is written once more than in the JSON, not three times more.
    expect(module).toContain("JSON.parse(String.raw`");
    const shipped = loadTopicDefinitions(TOPICS_DIR);
    expect(matching(await definitionsOf(module))).toEqual(matching(shipped));
    // Nothing at run time reads a description or the metadata, so no bundle carries them.
    for (const d of shipped) expect(module).not.toContain(d.description);
    expect(module).not.toContain('"metadata"');
  });

  it("are dropped whole from a bundle that never reads them (notify, digest and remind tag nothing)", async () => {
    const out = join(tempDir(), "index.mjs");
    await build({
      stdin: { contents: 'console.log("no tagger here");', resolveDir: REPO_ROOT, loader: "ts" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "node",
      outfile: out,
      inject: [writeBuiltinTopicsModule(TOPICS_DIR, tempDir())],
      logLevel: "error",
    });
    const text = readFileSync(out, "utf8");
    expect(text).not.toContain('"name":"deadline"');
    expect(text.length).toBeLessThan(1024);
  });

  it("write a term group several topics share once, and every topic gets it back whole", async () => {
    const cue = ["the audience", "on stage", "the cast"];
    const topics = [
      { name: "a", terms: { cue, own: ["alpha"] } },
      { name: "b", terms: { cue: [...cue], own: ["beta"] } },
      { name: "c", terms: { own: ["alpha"], other: { patterns: ["X"], caseSensitive: true } } },
    ];
    const { shared, topics: out } = sharedTermGroups(topics);
    // Identical groups (by value, whatever their names) once; a group only one topic has stays in place.
    expect(shared).toEqual([cue, ["alpha"]]);
    expect(out.map((t) => t.terms)).toEqual([
      { cue: 0, own: 1 },
      { cue: 0, own: ["beta"] },
      { own: 1, other: { patterns: ["X"], caseSensitive: true } },
    ]);
    // The shipped topics share some (a review lead, a fiction cue), and the module restores them.
    const module = builtinTopicsModule(TOPICS_DIR);
    const json = JSON.parse(/String\.raw`(.*)`\)/s.exec(module)?.[1] ?? "{}");
    expect(json.shared.length).toBeGreaterThan(0);
    expect(matching(await definitionsOf(module))).toEqual(matching(loadTopicDefinitions(TOPICS_DIR)));
  });
  it("write a group the patterns repeat once, as a macro, and every pattern expands to the same text", () => {
    const g = "(?:alpha|beta|gamma|delta)";
    const def = {
      macros: { TAIL: `end ${g}` } as Record<string, string>,
      terms: {
        a: [`${g} one`, `two ${g}?`, `three {TAIL}`, `[${g}] literal`, `\\(${g}\\)`],
        b: { patterns: [`${g}{SCAN_END} four`], caseSensitive: true },
        kept: [`${g} kept`],
      },
    };
    const keepGroup = def.terms.kept;
    const out = factorRepeatedGroups(def, (v) => v === keepGroup);
    const added = Object.keys(out.macros).filter((k) => !(k in def.macros));
    expect(added.length).toBeGreaterThan(0);
    expect(out.macros[added[0] as string]).toBe(g.slice(3, -1));
    const flat = (d: typeof def, v: readonly string[]) => v.map((p) => expandMacros(p, d.macros));
    expect(flat(out, out.terms.a as string[])).toEqual(flat(def, def.terms.a));
    // Inside a character class the same characters are literal: left as written.
    expect((out.terms.a as string[])[3]).toBe(`[${g}] literal`);
    expect((out.terms.a as string[])[0]).not.toContain(g);
    // The scan cut stays at the top level of its pattern; a group left whole is left whole.
    const b = out.terms.b as { patterns: string[]; caseSensitive: boolean };
    expect(b.caseSensitive).toBe(true);
    expect(b.patterns[0]).toContain("{SCAN_END} four");
    expect(expandMacros((b.patterns[0] as string).split("{SCAN_END}")[0] as string, out.macros)).toBe(g);
    expect(out.terms.kept).toBe(keepGroup);
  });

  it("stop factoring before macros nest deeper than expandMacros allows", () => {
    // Nine macros deep already; every further group would nest one more level.
    const macros: Record<string, string> = { M0: "(?:x|y|z|w)" };
    for (let i = 1; i < 9; i++) macros[`M${i}`] = `{M${i - 1}} (?:left|right|up|down)`;
    const def = { macros, terms: { a: ["{M8} (?:left|right|up|down)", "(?:left|right|up|down) {M8}"] } };
    const out = factorRepeatedGroups(def);
    for (const p of out.terms.a as string[]) expect(() => expandMacros(p, out.macros)).not.toThrow();
  });

  it("tag the shipped topics the same from the module as from the files", async () => {
    const fromFiles = createTagger(loadTopicDefinitions(TOPICS_DIR));
    const fromModule = createTagger((await definitionsOf(builtinTopicsModule(TOPICS_DIR))) as never);
    const texts = [
      "Valdoria expelled two Estmarkian diplomats and gave them 72 hours to leave.",
      "The agency said the officer had passed classified documents to a foreign intelligence service.",
      "Bidders have until 5 p.m. on March 3 to submit offers.",
    ];
    for (const text of texts)
      expect(fromModule.tag(text, { referenceDate: "2025-04-10" })).toEqual(
        fromFiles.tag(text, { referenceDate: "2025-04-10" }),
      );
  });

  it("fall back to a quoted string when the JSON holds a backtick", async () => {
    const dir = tempDir();
    // A backtick in a pattern (the description, which also may hold one, is left out of the module).
    const odd = { ...sanctions, terms: { ...sanctions.terms, state: ["government", "`ministry`"] } };
    writeFileSync(join(dir, "sanctions.json"), JSON.stringify(odd));
    const module = builtinTopicsModule(dir);
    expect(module).not.toContain("String.raw");
    expect(matching(await definitionsOf(module))).toEqual(matching(loadTopicDefinitions(dir)));
  });
});

describe("builtinTopicDefinitions from the sources", () => {
  it("reads the repository's topics/", () => {
    expect(builtinTopicDefinitions().map((d) => d.name)).toEqual(
      readdirSync(TOPICS_DIR)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.replace(/\.json$/, ""))
        .sort(),
    );
  });
});
