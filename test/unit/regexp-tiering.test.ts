/**
 * The functions that tag articles, and the CLI, set V8's `--regexp-tier-up-ticks=0` before any topic pattern is
 * compiled (lambdas/regexp-tiering.ts says why; `npm run bench` measures it). What can break it is the build:
 * esbuild drops a side-effect import of a module package.json does not list under `sideEffects`, or an edit
 * moves the import below modules that run regexes at load. Both are checked on the bundles as the construct
 * builds them.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { FUNCTION_ENTRIES, REPO_ROOT } from "../../infra/config.ts";
import { REGEXP_TIERING_FLAG } from "../../lambdas/regexp-tiering.ts";
import { functionBuildOptions } from "../../scripts/perf/bundles.ts";

const TAGGING = ["ingestApi", "ingestS3", "pollFeeds"] as const;

async function bundled(entry: string): Promise<string> {
  const result = await build({
    ...functionBuildOptions("runtime"),
    minify: false,
    metafile: false,
    entryPoints: [join(REPO_ROOT, entry)],
    write: false,
    outfile: join(REPO_ROOT, "cdk.out", "regexp-tiering-test.mjs"),
    sourcemap: false,
  });
  return result.outputFiles.find((f) => f.path.endsWith(".mjs"))?.text ?? "";
}

describe("regex tiering in the functions that tag", () => {
  for (const name of TAGGING) {
    it(`${name} sets ${REGEXP_TIERING_FLAG} before its first module runs`, async () => {
      const source = readFileSync(join(REPO_ROOT, FUNCTION_ENTRIES[name]), "utf8");
      const firstImport = source.match(/^import\s+[^;]+;/m)?.[0];
      expect(firstImport).toBe('import "../regexp-tiering.ts";');
      const code = await bundled(FUNCTION_ENTRIES[name]);
      const set = code.indexOf(`setFlagsFromString(REGEXP_TIERING_FLAG)`);
      expect(set, "the flag is set in the bundle (not tree-shaken)").toBeGreaterThan(-1);
      // The bundle evaluates modules in order: the tagger's engine comes after the flag.
      expect(code.indexOf("function createTagger")).toBeGreaterThan(set);
    }, 60_000);
  }

  it("the CLI sets the same flag before it loads", () => {
    const bin = readFileSync(join(REPO_ROOT, "cli/bin.mjs"), "utf8");
    const set = bin.indexOf(`setFlagsFromString("${REGEXP_TIERING_FLAG}")`);
    expect(set).toBeGreaterThan(-1);
    expect(bin.indexOf("await import(")).toBeGreaterThan(set);
  });
});

describe("setting the flag at run time", () => {
  // A regex run once before the flag and again after it: what Lambda's runtime client or a test runner can do
  // before the handler's first import runs.
  const script = (flag: string) =>
    [
      'const { setFlagsFromString } = await import("node:v8");',
      "const re = /^([^.]*)\\.(.*)$/;",
      're.test("index.handler");',
      `setFlagsFromString(${JSON.stringify(flag)});`,
      'for (let i = 0; i < 50; i++) re.test("index.handler" + i);',
      'process.stdout.write("survived");',
    ].join("\n");
  const run = (flag: string) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", script(flag)], { encoding: "utf8" });

  // With --no-regexp-tier-up, the flag this replaced, Node 20's V8 dies here with SIGSEGV.
  it(`does not crash V8 with ${REGEXP_TIERING_FLAG}`, () => {
    const result = run(REGEXP_TIERING_FLAG);
    expect(result.signal).toBeNull();
    expect(result.stdout).toBe("survived");
  });
});
