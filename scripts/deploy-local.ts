/**
 * `npm run deploy:local`: deploys the real CDK app to a local moto server, with the real `cdk` CLI.
 *
 *   npm run deploy:local                       # moto on localhost:5000 (started, or reused if it answers)
 *   npm run deploy:local -- --port 5123        # another port (or WIREWATCH_MOTO_PORT)
 *   npm run deploy:local -- --destroy          # cdk destroy --force
 *
 * Steps: start or reuse moto_server on localhost; synthesize the app once with `-c target=local` into
 * cdk.out.local-<port>; `cdk bootstrap` (skipped when the CDKToolkit stack exists); `cdk deploy --method=direct`
 * (the only method whose DependsOn ordering and stack outputs moto honours), each wrapped in a timeout because a
 * deploy on moto hangs forever on anything it cannot create; then describe calls check that the table, topic,
 * queues, bucket, REST API and functions exist. Prints how long each step took. See docs/local-deploy.md.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from "@aws-sdk/client-cloudformation";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { motoRestGet, motoStreamMappings } from "../cli/local/deployed-backend.ts";
import { localClientOptions } from "../lambdas/adapters/clients.ts";
import { TABLE_KEYS } from "../lambdas/adapters/table-schema.ts";

const HELP = `usage: npm run deploy:local -- [options]

options:
  --port N          moto port on localhost (default: $WIREWATCH_MOTO_PORT or 5000); reused if it answers
  --stack NAME      the stack (default Wirewatch)
  --timeout S       seconds allowed for each cdk command (default 240)
  --bootstrap       run cdk bootstrap even when the CDKToolkit stack exists
  --destroy         cdk destroy --force the stack instead of deploying it
  -h, --help`;

const ROOT = resolve(import.meta.dirname, "..");
const ACCOUNT = process.env.MOTO_ACCOUNT_ID ?? "123456789012";
const REGION = "us-east-1";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    stack: { type: "string", default: "Wirewatch" },
    timeout: { type: "string", default: "240" },
    bootstrap: { type: "boolean", default: false },
    destroy: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const port = Number(values.port ?? process.env.WIREWATCH_MOTO_PORT ?? 5000);
const timeoutSeconds = Number(values.timeout);
if (!Number.isInteger(port) || port <= 0 || port > 65535)
  fail(`--port must be a TCP port, got "${values.port}"`);
if (!(timeoutSeconds > 0)) fail(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
// moto serves the CDK asset bucket only under "localhost" (not 127.0.0.1).
const endpoint = `http://localhost:${port}`;
const stack = values.stack;
const outdir = join(ROOT, `cdk.out.local-${port}`);
const clientOptions = localClientOptions(endpoint);

/** The environment every cdk command runs in: moto's endpoint, throwaway credentials, one region. */
const cdkEnv: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_ENDPOINT_URL: endpoint,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_REGION: REGION,
  AWS_DEFAULT_REGION: REGION,
  CDK_DEFAULT_ACCOUNT: ACCOUNT,
  CDK_DEFAULT_REGION: REGION,
  AWS_EC2_METADATA_DISABLED: "true",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  CDK_DISABLE_VERSION_CHECK: "1",
};
for (const name of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"])
  delete cdkEnv[name];

function fail(message: string): never {
  console.error(`deploy:local: ${message}`);
  process.exit(1);
}

const timings: [string, number][] = [];
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  console.log(`\n== ${name}`);
  try {
    return await fn();
  } finally {
    const seconds = (performance.now() - started) / 1000;
    timings.push([name, seconds]);
    console.log(`   (${seconds.toFixed(1)} s)`);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    // Any HTTP answer will do: moto's data.json itself fails with a 500 once some resources exist.
    await fetch(`${url}/moto-api/data.json`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/** Reuses a moto already answering on the port, or starts one that outlives this script. */
async function ensureMoto(): Promise<string> {
  if (await answers(endpoint)) return `reusing moto at ${endpoint}`;
  const logFile = join(tmpdir(), `wirewatch-moto-${port}.log`);
  const child = spawn(
    process.env.WIREWATCH_MOTO_SERVER ?? "moto_server",
    ["-H", "localhost", "-p", String(port)],
    {
      detached: true,
      stdio: ["ignore", openSync(logFile, "a"), openSync(logFile, "a")],
      env: { ...process.env, AWS_DEFAULT_REGION: REGION },
    },
  );
  let spawnError: Error | undefined;
  child.once("error", (error) => {
    spawnError = error;
  });
  child.unref();
  for (let i = 0; i < 150; i++) {
    if (spawnError)
      fail(`cannot start moto_server (${spawnError.message}); install it with pip install "moto[server]"`);
    if (child.exitCode !== null) fail(`moto_server exited with ${child.exitCode}; see ${logFile}`);
    if (await answers(endpoint))
      return `started moto_server (pid ${child.pid}) at ${endpoint}; log ${logFile}`;
    await new Promise((r) => setTimeout(r, 200));
  }
  fail(`moto_server did not answer on ${endpoint} within 30 s; see ${logFile}`);
}

/** Runs a command with the cdk environment, streaming its output; kills its process group after the timeout. */
async function run(command: string, args: string[], seconds = timeoutSeconds): Promise<void> {
  console.log(`   $ ${command} ${args.join(" ")}`);
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    env: cdkEnv,
    stdio: "inherit",
    detached: true,
  });
  const timer = setTimeout(() => {
    console.error(`   timed out after ${seconds} s; stopping ${command}`);
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 5_000).unref();
  }, seconds * 1000);
  const code = await new Promise<number | null>((resolveExit) => {
    child.once("exit", (c, signal) => resolveExit(signal ? null : c));
    child.once("error", () => resolveExit(null));
  });
  clearTimeout(timer);
  if (code !== 0) fail(`${command} ${args.slice(0, 2).join(" ")} failed (exit ${code ?? "killed"})`);
}

const cdk = (args: string[]) => run("npx", ["--no-install", "cdk", ...args]);

async function stackStatus(cfn: CloudFormationClient, name: string): Promise<string | undefined> {
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    return out.Stacks?.[0]?.StackStatus;
  } catch {
    return undefined;
  }
}

interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

/** Describe calls against the deployed resources: they exist and have the shape the stack declares. */
async function checkDeployment(cfn: CloudFormationClient): Promise<Check[]> {
  const checks: Check[] = [];
  const check = async (what: string, fn: () => Promise<string>) => {
    try {
      checks.push({ what, ok: true, detail: await fn() });
    } catch (error) {
      checks.push({ what, ok: false, detail: (error as Error).message });
    }
  };
  const described = await cfn.send(new DescribeStacksCommand({ StackName: stack }));
  const outputs = Object.fromEntries(
    (described.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? "", o.OutputValue ?? ""]),
  );
  const resources =
    (await cfn.send(new DescribeStackResourcesCommand({ StackName: stack }))).StackResources ?? [];
  const physical = (type: string) =>
    resources.filter((r) => r.ResourceType === type).map((r) => r.PhysicalResourceId ?? "");

  await check("stack outputs", async () => {
    const wanted = [
      "ApiEndpoint",
      "IngestBucketName",
      "AlertsTopicArn",
      "ArticlesTableName",
      "DeadLetterQueueUrl",
      "IngestDeadLetterQueueUrl",
      "DashboardUrl",
    ];
    const missing = wanted.filter((k) => !outputs[k]);
    if (missing.length) throw new Error(`missing ${missing.join(", ")}`);
    return wanted.join(", ");
  });
  const ddb = new DynamoDBClient(clientOptions);
  let streamArn = "";
  await check("articles table", async () => {
    const t = (await ddb.send(new DescribeTableCommand({ TableName: outputs.ArticlesTableName }))).Table;
    if (t?.TableStatus !== "ACTIVE") throw new Error(`status ${t?.TableStatus}`);
    if (t.StreamSpecification?.StreamViewType !== "NEW_IMAGE") throw new Error("no NEW_IMAGE stream");
    const keys = t.KeySchema?.map((k) => k.AttributeName).join("/");
    if (keys !== `${TABLE_KEYS.partitionKey}/${TABLE_KEYS.sortKey}`) throw new Error(`key schema ${keys}`);
    if (!t.GlobalSecondaryIndexes?.some((i) => i.IndexName === TABLE_KEYS.byTopicIndex))
      throw new Error(`no ${TABLE_KEYS.byTopicIndex} index`);
    streamArn = t.LatestStreamArn ?? "";
    return `${t.TableName}: ACTIVE, keys ${keys}, index ${TABLE_KEYS.byTopicIndex}, stream NEW_IMAGE`;
  });
  ddb.destroy();
  const sns = new SNSClient(clientOptions);
  await check("alerts topic", async () => {
    const a = (await sns.send(new GetTopicAttributesCommand({ TopicArn: outputs.AlertsTopicArn })))
      .Attributes;
    return `${outputs.AlertsTopicArn}${a?.KmsMasterKeyId ? ", KMS-encrypted" : ""}`;
  });
  sns.destroy();
  const sqs = new SQSClient(clientOptions);
  for (const url of physical("AWS::SQS::Queue"))
    await check("queue", async () => {
      const a = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] })))
        .Attributes;
      return `${a?.QueueArn?.split(":").pop()}, retention ${Number(a?.MessageRetentionPeriod ?? 0) / 86400} d`;
    });
  sqs.destroy();
  const s3 = new S3Client({ ...clientOptions, forcePathStyle: true });
  await check("ingest bucket", async () => {
    await s3.send(new HeadBucketCommand({ Bucket: outputs.IngestBucketName }));
    return String(outputs.IngestBucketName);
  });
  s3.destroy();
  await check("REST API", async () => {
    const apiId = physical("AWS::ApiGateway::RestApi")[0] ?? "";
    const api = (await motoRestGet(endpoint, "apigateway", `/restapis/${apiId}`)) as { name?: string };
    const res = (await motoRestGet(endpoint, "apigateway", `/restapis/${apiId}/resources`)) as {
      item?: { path?: string; resourceMethods?: Record<string, { authorizationType?: string }> }[];
    };
    const articles = res.item?.find((r) => r.path === "/articles");
    const post = articles?.resourceMethods?.POST;
    if (!post) throw new Error("no POST /articles method");
    return `${api.name} (${apiId}): POST /articles, authorization ${post.authorizationType ?? "?"}`;
  });
  for (const name of physical("AWS::Lambda::Function"))
    await check("function", async () => {
      const f = (await motoRestGet(endpoint, "lambda", `/2015-03-31/functions/${name}`)) as {
        Configuration?: {
          Runtime?: string;
          Handler?: string;
          Environment?: { Variables?: Record<string, string> };
        };
      };
      const env = Object.keys(f.Configuration?.Environment?.Variables ?? {}).join(", ");
      return `${name}: ${f.Configuration?.Runtime}, ${f.Configuration?.Handler}, env ${env}`;
    });
  await check("stream -> notify mapping", async () => {
    const mappings = (await motoStreamMappings(endpoint, streamArn)) as {
      BatchSize?: number;
      BisectBatchOnFunctionError?: boolean;
      MaximumRetryAttempts?: number;
      FunctionResponseTypes?: string[];
      DestinationConfig?: { OnFailure?: { Destination?: string } };
    }[];
    const m = mappings[0];
    if (!m) throw new Error("no event source mapping on the table's stream");
    return `batch ${m.BatchSize}, bisect ${m.BisectBatchOnFunctionError}, retries ${m.MaximumRetryAttempts ?? "?"}, ${m.FunctionResponseTypes?.join(",") ?? "no ReportBatchItemFailures reported"}, on failure -> ${m.DestinationConfig?.OnFailure?.Destination?.split(":").pop()}`;
  });
  await check("ingest queue -> ingest-s3 mapping", async () => {
    const body = (await motoRestGet(endpoint, "lambda", "/2015-03-31/event-source-mappings/")) as {
      EventSourceMappings?: {
        EventSourceArn?: string;
        BatchSize?: number;
        FunctionResponseTypes?: string[];
      }[];
    };
    const m = body.EventSourceMappings?.find((x) => x.EventSourceArn?.startsWith("arn:aws:sqs:"));
    if (!m) throw new Error("no event source mapping on an SQS queue");
    return `${m.EventSourceArn?.split(":").pop()}: batch ${m.BatchSize}, ${m.FunctionResponseTypes?.join(",") ?? "no ReportBatchItemFailures reported"}`;
  });
  return checks;
}

const started = performance.now();
const cfn = new CloudFormationClient(clientOptions);
try {
  console.log(await step("moto", ensureMoto));
  if (values.destroy) {
    await step("cdk destroy", async () => {
      // Destroy from the assembly the deploy synthesized when it is there (no second synth), else synth anew.
      const app = existsSync(join(outdir, "manifest.json"))
        ? ["--app", outdir]
        : ["-c", "target=local", "--output", outdir];
      await cdk(["destroy", stack, "--force", ...app]);
    });
    const status = await stackStatus(cfn, stack);
    if (status && status !== "DELETE_COMPLETE") fail(`stack ${stack} is ${status} after destroy`);
    console.log(`\nstack ${stack} destroyed`);
  } else {
    await step("cdk synth (-c target=local)", () =>
      cdk(["synth", stack, "--quiet", "-c", "target=local", "--output", outdir]),
    );
    const bootstrapped = (await stackStatus(cfn, "CDKToolkit"))?.endsWith("_COMPLETE");
    await step(
      bootstrapped && !values.bootstrap ? "cdk bootstrap (already bootstrapped)" : "cdk bootstrap",
      async () => {
        if (bootstrapped && !values.bootstrap) return;
        await cdk(["bootstrap", `aws://${ACCOUNT}/${REGION}`, "--app", outdir]);
      },
    );
    await step("cdk deploy --method=direct", () =>
      cdk([
        "deploy",
        stack,
        "--app",
        outdir,
        "--method=direct",
        "--require-approval",
        "never",
        "--progress",
        "events",
        "--outputs-file",
        join(outdir, "outputs.json"),
      ]),
    );
    const checks = await step("check deployed resources", () => checkDeployment(cfn));
    for (const c of checks) console.log(`   ${c.ok ? "ok  " : "FAIL"} ${c.what.padEnd(24)} ${c.detail}`);
    if (checks.some((c) => !c.ok)) fail("some deployed resources are missing or wrong (see FAIL above)");
    console.log(
      `\nReplay the samples against it:\n  npx wirewatch replay --stack ${stack} --endpoint ${endpoint} events/\nRedrive its dead-letter queue:\n  npx wirewatch redrive --stack ${stack} --endpoint ${endpoint}`,
    );
  }
} finally {
  cfn.destroy();
}
const total = (performance.now() - started) / 1000;
console.log(
  `\ndeploy:local timings: ${timings.map(([n, s]) => `${n.split(" (")[0]} ${s.toFixed(1)} s`).join(", ")}; total ${total.toFixed(1)} s`,
);
