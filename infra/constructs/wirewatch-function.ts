import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { writeBuiltinTopicsModule } from "../bundling.ts";
import { REPO_ROOT, tracingEnabled } from "../config.ts";

/**
 * The esbuild options every function is bundled with, as plain data so `scripts/size.ts` and `npm run bench`
 * bundle exactly what the construct deploys. ESM output needs `require` for the CommonJS dependencies esbuild
 * inlines. Each choice below was measured with `npm run bench` (cold start over an empty handler):
 */
export const BUNDLE_OPTIONS = {
  format: "esm",
  platform: "node",
  target: "node24",
  minify: true,
  /**
   * Source maps ship beside the bundle without the sources' text, for reading a stack trace offline; the
   * runtime does not load them (see FUNCTION_NODE_OPTIONS).
   */
  sourcemap: true,
  sourcesContent: false,
  /** ESM entry points first, so esbuild can tree-shake the SDK and the other packages. */
  mainFields: ["module", "main"],
  /**
   * The AWS SDK is bundled, tree-shaken and minified rather than taken from the runtime: loading the runtime's
   * hundreds of CommonJS files costs more than parsing the few hundred KB we use (npm run bench prints both).
   */
  external: [] as string[],
  /**
   * Lambda's credentials are in the environment: the SDK's default chain without its other providers.
   * linkedom's CSS parser is never used by page extraction: a stub saves 194 KB per bundle that has linkedom.
   * htmlparser2's entry without its DomUtils re-exports (infra/bundling/htmlparser2-parser.mjs): 77 KB less in
   * each function that parses HTML.
   */
  alias: {
    "@aws-sdk/credential-provider-node": "./lambdas/adapters/lambda-credentials.ts",
    "cssomnom/parse": "./infra/bundling/no-css-parse.mjs",
    htmlparser2: "./infra/bundling/htmlparser2-parser.mjs",
  },
  /**
   * The functions run the topics compiled into them (bundleInjects) and never read topic files: the reading path,
   * the topic schema and zod's classic API drop out of the bundle (lambdas/core/tagger/load.ts).
   */
  define: { __WIREWATCH_READS_TOPIC_FILES__: "false" } as Record<string, string>,
  banner: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
  /** Writes index.meta.json beside each bundle in cdk.out (bytes per package; esbuild.github.io/analyze). */
  metafile: true,
} as const;

/**
 * NODE_OPTIONS of every function: none. `--enable-source-maps` made Node parse the whole source map at import
 * and map every logged error's stack, which measured as most of a cold start; stack traces name minified
 * positions instead, which the shipped `.map` resolves.
 */
export const FUNCTION_NODE_OPTIONS: string = "";

/** Files injected into a bundle that runs the tagger: the topic definitions, validated now (infra/bundling.ts). */
export function bundleInjects(): string[] {
  return [writeBuiltinTopicsModule()];
}

export const RUNTIME = lambda.Runtime.NODEJS_24_X;
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

export interface WirewatchFunctionProps {
  /** Entry file relative to the repository root, e.g. `lambdas/notify/handler.ts`. */
  readonly entry: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** Powertools service name (logs, metrics). */
  readonly serviceName: string;
  /** Function-specific environment, keyed by the names in `lambdas/config.ts`. @default - none */
  readonly environment?: Record<string, string>;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /**
   * Compile the topic definitions (`topics/*.json`, validated at synth) into the bundle, for functions that
   * tag. @default false
   */
  readonly includeTopics?: boolean;
  /**
   * Reserved concurrency. @default - none: a new account's concurrency quota is 10 and any reservation
   * would fail the deploy there; stream concurrency is bounded by shards anyway.
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * X-Ray active tracing (grants the X-Ray write actions). @default - the stack's `tracing` context
   * (infra/config.ts): off unless deployed with `-c tracing=active`
   */
  readonly tracing?: boolean;
  /** Dead-letter queue for asynchronous invocations. @default - none */
  readonly deadLetterQueue?: lambda.FunctionProps["deadLetterQueue"];
  /** Retries of asynchronous invocations. @default - Lambda's default (2) */
  readonly retryAttempts?: number;
}

/**
 * A Lambda function with the project defaults: Node.js 24 on ARM64, bundled locally by esbuild as minified ESM
 * with source maps, an explicit log group with retention, X-Ray tracing when the stack asks for it, and its own
 * role that carries no managed policy (log writing is granted on its own log group only).
 */
export class WirewatchFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WirewatchFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, "LogGroup", {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${props.serviceName}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, "Function", {
      entry: join(REPO_ROOT, props.entry),
      handler: "handler",
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      role: this.role,
      logGroup: this.logGroup,
      tracing: (props.tracing ?? tracingEnabled(this)) ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      environment: {
        ...(FUNCTION_NODE_OPTIONS ? { NODE_OPTIONS: FUNCTION_NODE_OPTIONS } : {}),
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: "wirewatch",
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: nodejs.OutputFormat.ESM,
        target: BUNDLE_OPTIONS.target,
        minify: BUNDLE_OPTIONS.minify,
        sourceMap: BUNDLE_OPTIONS.sourcemap,
        sourcesContent: BUNDLE_OPTIONS.sourcesContent,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        externalModules: [...BUNDLE_OPTIONS.external],
        banner: BUNDLE_OPTIONS.banner,
        metafile: BUNDLE_OPTIONS.metafile,
        inject: props.includeTopics ? bundleInjects() : [],
        define: { ...BUNDLE_OPTIONS.define },
        // Paths in aliases resolve from the working directory, which is projectRoot.
        esbuildArgs: { "--alias": Object.entries(BUNDLE_OPTIONS.alias).map(([from, to]) => `${from}=${to}`) },
      },
    });
  }
}
