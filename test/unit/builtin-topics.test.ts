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
import { builtinTopicsModule, sharedTermGroups, writeBuiltinTopicsModule } from "../../infra/bundling.ts";
import { REPO_ROOT, TOPICS_DIR } from "../../infra/config.ts";
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

  /** A definition as matching reads it: without its prose. */
  const matching = (defs: ReturnType<typeof loadTopicDefinitions>) =>
    JSON.parse(JSON.stringify(defs.map(({ description, metadata, ...rest }) => rest)));

  it("are the validated definitions, defaults filled, that the files give, without their prose", async () => {
    const module = builtinTopicsModule(TOPICS_DIR);
    // A raw template: each backslash of a pattern is written once more than in the JSON, not three times more.
    expect(module).toContain("JSON.parse(String.raw`");
    const shipped = loadTopicDefinitions(TOPICS_DIR);
    expect(await definitionsOf(module)).toEqual(matching(shipped));
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
    expect(await definitionsOf(module)).toEqual(matching(loadTopicDefinitions(TOPICS_DIR)));
  });
  it("fall back to a quoted string when the JSON holds a backtick", async () => {
    const dir = tempDir();
    // A backtick in a pattern (the description, which also may hold one, is left out of the module).
    const odd = { ...sanctions, terms: { ...sanctions.terms, state: ["government", "`ministry`"] } };
    writeFileSync(join(dir, "sanctions.json"), JSON.stringify(odd));
    const module = builtinTopicsModule(dir);
    expect(module).not.toContain("String.raw");
    expect(await definitionsOf(module)).toEqual(matching(loadTopicDefinitions(dir)));
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
