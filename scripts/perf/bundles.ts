/**
 * Bundles each function the way the CDK construct does (the construct's own options, read from
 * infra/constructs/wirewatch-function.ts), writes the bundle to disk and splits its bytes into the project's
 * own code, its other dependencies and the AWS SDK, from esbuild's metafile.
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild";
import { FUNCTION_ENTRIES, REPO_ROOT } from "../../infra/config.ts";
import * as fn from "../../infra/constructs/wirewatch-function.ts";

/** How the function gets the AWS SDK: from the Lambda runtime (external) or inlined, tree-shaken and minified. */
export type SdkMode = "runtime" | "bundled";

/** The AWS SDK v3's own scopes (the runtime provides them when the SDK is external). */
const SDK_SCOPE = /^(?:@aws-sdk|@smithy|@aws-crypto|@aws)(?:\/|$)/;

/**
 * Packages in the bundle that are there for the SDK: its own scopes, and any other package (tslib, mnemonist,
 * fast-xml-parser...) whose every importer is the SDK or such a package. A helper that our code or another
 * dependency also imports (fast-xml-parser under feedsmith) counts as theirs.
 */
function sdkPackages(metafile: Metafile, inBundle: ReadonlySet<string>): Set<string> {
  const importers = new Map<string, Set<string>>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    const from = packageOf(path) ?? "(own)";
    for (const i of input.imports) {
      const to = packageOf(i.path);
      if (!to || to === from) continue;
      const set = importers.get(to) ?? new Set<string>();
      set.add(from);
      importers.set(to, set);
    }
  }
  const sdk = new Set([...inBundle].filter((p) => SDK_SCOPE.test(p)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of inBundle) {
      if (sdk.has(p)) continue;
      const by = importers.get(p);
      if (by && by.size > 0 && [...by].every((x) => sdk.has(x))) {
        sdk.add(p);
        changed = true;
      }
    }
  }
  return sdk;
}

export interface BundleBreakdown {
  /** Bytes of the bundle file (minified code, without the source map). */
  total: number;
  /** Our own sources (lambdas/, topics). */
  own: number;
  /** Of `own`, the topic definitions compiled in (data: the trigger words and phrase patterns). */
  topics: number;
  /** The AWS SDK and its helpers inlined in the bundle (0 when the runtime provides it). */
  sdk: number;
  /** Other npm packages (zod, htmlparser2, entities...). */
  deps: number;
  /** Bytes per npm package, largest first. */
  packages: [string, number][];
}

export interface BuiltBundle {
  name: string;
  file: string;
  dir: string;
  breakdown: BundleBreakdown;
}

/** The SDK mode the construct deploys: external when `@aws-sdk/*` is in its external modules. */
export function deployedSdkMode(): SdkMode {
  return (fn.BUNDLE_OPTIONS.external as readonly string[]).includes("@aws-sdk/*") ? "runtime" : "bundled";
}

function packageOf(path: string): string | undefined {
  const i = path.lastIndexOf("node_modules/");
  if (i < 0) return undefined;
  const rest = path.slice(i + "node_modules/".length).split("/");
  return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
}

export function breakdown(metafile: Metafile, outfile: string): BundleBreakdown {
  const key = Object.keys(metafile.outputs).find((k) => join(REPO_ROOT, k) === outfile || k === outfile);
  const output = key ? metafile.outputs[key] : undefined;
  if (!output) throw new Error(`no output ${outfile} in the metafile`);
  const packages = new Map<string, number>();
  let own = 0;
  let topics = 0;
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = packageOf(path);
    if (/builtin-topics-[0-9a-f]+\.mjs$/.test(path)) topics += bytesInOutput;
    if (!pkg) own += bytesInOutput;
    else packages.set(pkg, (packages.get(pkg) ?? 0) + bytesInOutput);
  }
  const sdkSet = sdkPackages(metafile, new Set(packages.keys()));
  let sdk = 0;
  let deps = 0;
  for (const [pkg, bytes] of packages)
    if (sdkSet.has(pkg)) sdk += bytes;
    else deps += bytes;
  // What no input accounts for (esbuild's runtime helpers, the banner) counts as our own code.
  own += output.bytes - own - sdk - deps;
  return { total: output.bytes, own, topics, sdk, deps, packages: [...packages].sort((a, b) => b[1] - a[1]) };
}

/** esbuild options equal to the construct's bundling, with the SDK external or bundled as asked. */
export function functionBuildOptions(sdk: SdkMode = deployedSdkMode()): BuildOptions {
  const o = fn.BUNDLE_OPTIONS as typeof fn.BUNDLE_OPTIONS & {
    inject?: readonly string[];
    keepNames?: boolean;
    sourcesContent?: boolean;
    alias?: Record<string, string>;
  };
  const injects = (fn as { bundleInjects?: () => string[] }).bundleInjects?.() ?? [...(o.inject ?? [])];
  const external = (o.external as readonly string[]).filter((e) => e !== "@aws-sdk/*");
  return {
    bundle: true,
    format: o.format,
    platform: o.platform,
    target: o.target,
    minify: o.minify,
    sourcemap: o.sourcemap,
    ...(o.sourcesContent !== undefined ? { sourcesContent: o.sourcesContent } : {}),
    mainFields: [...o.mainFields],
    external: sdk === "runtime" ? [...external, "@aws-sdk/*"] : external,
    banner: { js: o.banner },
    inject: injects,
    ...(o.alias ? { alias: { ...o.alias } } : {}),
    ...(o.define ? { define: { ...o.define } } : {}),
    ...(o.keepNames !== undefined ? { keepNames: o.keepNames } : {}),
    metafile: true,
    logLevel: "error",
    // Same depth below the repository as CDK's bundling directory: legal comments name paths relative to it.
    absWorkingDir: REPO_ROOT,
  };
}

/**
 * Bundles `entry` (a repository path, or source text when `contents` is given) into `dir/index.mjs`.
 * With `topicsBeside`, copies `topics/` next to the bundle, as the construct used to for the ingest functions.
 */
export async function bundleTo(
  name: string,
  dir: string,
  source: { entry: string } | { contents: string },
  sdk: SdkMode = deployedSdkMode(),
  topicsBeside = false,
): Promise<BuiltBundle> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "index.mjs");
  const result = await build({
    ...functionBuildOptions(sdk),
    ...("entry" in source
      ? { entryPoints: [join(REPO_ROOT, source.entry)] }
      : {
          stdin: { contents: source.contents, resolveDir: REPO_ROOT, loader: "ts", sourcefile: `${name}.ts` },
        }),
    outfile: file,
    write: true,
  });
  if (topicsBeside) cpSync(join(REPO_ROOT, "topics"), join(dir, "topics"), { recursive: true });
  writeFileSync(join(dir, "index.meta.json"), JSON.stringify(result.metafile));
  return { name, file, dir, breakdown: breakdown(result.metafile as Metafile, file) };
}

/** Every function in FUNCTION_ENTRIES, bundled under `root/<name>-<sdk>/`. */
export async function bundleFunctions(
  root: string,
  sdk: SdkMode,
  topicsBeside = false,
): Promise<BuiltBundle[]> {
  const out: BuiltBundle[] = [];
  for (const [name, entry] of Object.entries(FUNCTION_ENTRIES))
    out.push(await bundleTo(name, join(root, `${name}-${sdk}`), { entry }, sdk, topicsBeside));
  return out;
}

export const relativeToRepo = (path: string) => relative(REPO_ROOT, path);
