import { join } from "node:path";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { REPO_ROOT } from "../config.ts";

/**
 * The esbuild options every function is bundled with, as plain data so `scripts/size.ts` bundles exactly
 * what the construct deploys. ESM output needs `require` for the CommonJS dependencies esbuild inlines.
 */
export const BUNDLE_OPTIONS = {
  format: "esm",
  platform: "node",
  target: "node24",
  minify: true,
  sourcemap: true,
  mainFields: ["module", "main"],
  /** The Node.js Lambda runtime ships the AWS SDK v3; bundling it would only add size. */
  external: ["@aws-sdk/*"],
  banner: "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);",
  /** linkedom's CSS parser is never used by page extraction: a stub saves 194 KB per bundle that has linkedom. */
  alias: { "cssomnom/parse": join(REPO_ROOT, "infra/bundling/no-css-parse.mjs") },
} as const;

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
  /** Copy `topics/` into the bundle (the tagger reads `${LAMBDA_TASK_ROOT}/topics`). @default false */
  readonly includeTopics?: boolean;
  /**
   * Reserved concurrency. @default - none: a new account's concurrency quota is 10 and any reservation
   * would fail the deploy there; stream concurrency is bounded by shards anyway.
   */
  readonly reservedConcurrentExecutions?: number;
  /** Dead-letter queue for asynchronous invocations. @default - none */
  readonly deadLetterQueue?: lambda.FunctionProps["deadLetterQueue"];
  /** Retries of asynchronous invocations. @default - Lambda's default (2) */
  readonly retryAttempts?: number;
}

/**
 * A Lambda function with the project defaults: Node.js 24 on ARM64, bundled locally by esbuild as minified ESM
 * with source maps, an explicit log group with retention, X-Ray tracing, and its own role that carries no
 * managed policy (log writing is granted on its own log group only).
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
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
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
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        externalModules: [...BUNDLE_OPTIONS.external],
        banner: BUNDLE_OPTIONS.banner,
        esbuildArgs: Object.fromEntries(
          Object.entries(BUNDLE_OPTIONS.alias).map(([from, to]) => [`--alias:${from}`, to]),
        ),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            props.includeTopics ? [`cp -r "${join(inputDir, "topics")}" "${join(outputDir, "topics")}"`] : [],
        },
      },
    });
  }
}
