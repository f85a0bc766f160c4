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
    logLevel: "error",
  });
  const code = result.outputFiles.find((f) => f.path.endsWith(".mjs"));
  if (!code) throw new Error(`esbuild produced no bundle for ${entry}`);
  const kb = code.contents.byteLength / 1024;
  const over = kb >= LIMIT_KB;
  failed ||= over;
  console.log(
    `${name.padEnd(10)} ${kb.toFixed(1).padStart(7)} KB  ${entry}${over ? `  (limit ${LIMIT_KB} KB)` : ""}`,
  );
}
if (failed) {
  console.error(`at least one bundle is ${LIMIT_KB} KB or more`);
  process.exit(1);
}
