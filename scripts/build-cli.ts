/**
 * Builds the `wirewatch` command into build/cli/ (ignored by git): one esbuild pass over cli/run.ts with code
 * splitting, so each command's code is a chunk loaded only when that command runs (`wirewatch tag` loads
 * neither the AWS SDK nor dynalite). The topic definitions are validated and compiled in (infra/bundling.ts).
 * Runs as the `prepare` script of `npm ci` / `npm install`, and as `npm run build`.
 * Usage: tsx scripts/build-cli.ts [--outdir dir] [--topics dir]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { builtinTopicsModule } from "../infra/bundling.ts";
import { REPO_ROOT, TOPICS_DIR } from "../infra/config.ts";

/**
 * Packages left to Node's resolver at run time: dynalite loads a native LevelDB binding (classic-level) and
 * requires its actions by computed name, which a bundle cannot follow.
 */
export const CLI_EXTERNAL = ["dynalite"];

export async function buildCli(outDir = join(REPO_ROOT, "build", "cli"), topicsDir = TOPICS_DIR) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const topicsModule = join(outDir, "builtin-topics.gen.mjs");
  writeFileSync(topicsModule, builtinTopicsModule(topicsDir, { besideSources: { outDir } }));
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { wirewatch: join(REPO_ROOT, "cli/run.ts") },
    outdir: outDir,
    // Chunks beside the entry (not in a subfolder): the compiled topics find topics/ relative to their chunk.
    chunkNames: "[name]-[hash]",
    entryNames: "[name]",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    mainFields: ["module", "main"],
    // Whitespace and syntax only: identifiers stay readable in stack traces, at little cost in load time.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: "linked",
    sourcesContent: false,
    external: CLI_EXTERNAL,
    inject: [topicsModule],
    banner: {
      js: "import { createRequire as __wirewatchRequire } from 'node:module';const require = __wirewatchRequire(import.meta.url);",
    },
    metafile: true,
    logLevel: "warning",
  });
  rmSync(topicsModule);
  writeFileSync(join(outDir, "meta.json"), JSON.stringify(result.metafile));
  return result;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("build-cli.ts")) {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? resolve(args[i + 1] as string) : undefined;
  };
  const outDir = flag("--outdir") ?? join(REPO_ROOT, "build", "cli");
  const started = performance.now();
  const result = await buildCli(outDir, flag("--topics") ?? TOPICS_DIR);
  const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".mjs"));
  process.stdout.write(
    `wirewatch CLI built into ${outDir} (${files.length} files) in ${(performance.now() - started).toFixed(0)} ms\n`,
  );
}
