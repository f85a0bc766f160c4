/**
 * Prints each function's minified bundle size, bundled exactly as the CDK construct bundles it, and exits 1
 * when any bundle reaches the limit. Source maps ship beside the bundle but are not counted: they are not
 * loaded unless an error is mapped.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { FUNCTION_ENTRIES, REPO_ROOT } from "../infra/config.ts";
import { BUNDLE_OPTIONS } from "../infra/constructs/wirewatch-function.ts";

const LIMIT_KB = 500;
/**
 * Functions allowed a larger bundle, with the reason. The feed poller carries a feed parser (feedsmith with
 * fast-xml-parser, about 120 KB), a DOM for Readability (linkedom, about 80 KB without its CSS parser) and
 * Readability (33 KB) besides the ingest core; it runs on a schedule, so its cold start is not on anyone's path.
 */
const LIMIT_KB_BY_FUNCTION: Partial<Record<keyof typeof FUNCTION_ENTRIES, number>> = { pollFeeds: 750 };
/** Our own code (everything outside node_modules) in any one bundle. */
const OWN_LIMIT_KB = 150;

let failed = false;
for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
  const result = await build({
    entryPoints: [join(REPO_ROOT, entry)],
    bundle: true,
    write: false,
    // Same depth below the repository as CDK's bundling directory: legal comments name paths relative to it.
    absWorkingDir: REPO_ROOT,
    outfile: join(REPO_ROOT, "cdk.out", `size-${name}`, "index.mjs"),
    format: BUNDLE_OPTIONS.format,
    platform: BUNDLE_OPTIONS.platform,
    target: BUNDLE_OPTIONS.target,
    minify: BUNDLE_OPTIONS.minify,
    sourcemap: BUNDLE_OPTIONS.sourcemap,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    external: [...BUNDLE_OPTIONS.external],
    banner: { js: BUNDLE_OPTIONS.banner },
    alias: { ...BUNDLE_OPTIONS.alias },
    logLevel: "error",
    metafile: true,
  });
  const code = result.outputFiles.find((f) => f.path.endsWith(".mjs"));
  if (!code) throw new Error(`esbuild produced no bundle for ${entry}`);
  const kb = code.contents.byteLength / 1024;
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.inputs ?? {};
  const ownKb =
    Object.entries(inputs)
      .filter(([path]) => !path.includes("node_modules/"))
      .reduce((n, [, i]) => n + i.bytesInOutput, 0) / 1024;
  const limit = LIMIT_KB_BY_FUNCTION[name as keyof typeof FUNCTION_ENTRIES] ?? LIMIT_KB;
  const over = kb >= limit || ownKb > OWN_LIMIT_KB;
  failed ||= over;
  console.log(
    `${name.padEnd(10)} ${kb.toFixed(1).padStart(7)} KB  (own code ${ownKb.toFixed(1).padStart(5)} KB)  ${entry}${over ? `  (limit ${limit} KB, own ${OWN_LIMIT_KB} KB)` : ""}`,
  );
}
if (failed) {
  console.error("at least one bundle is over its limit");
  process.exit(1);
}
