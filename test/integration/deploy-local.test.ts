/**
 * `npm run deploy:local` end to end on a fresh moto server: the real `cdk bootstrap` and `cdk deploy
 * --method=direct` of the app, the resource checks, `wirewatch replay --stack` of every sample against the
 * deployed table, topic and bucket, `wirewatch redrive --stack`, and `cdk destroy --force` at the end.
 * Skipped, visibly, without moto (WIREWATCH_REQUIRE_MOTO=1 makes that a failure).
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import type { ReplayResult } from "../../cli/local/replay-runner.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";

const REPO = join(import.meta.dirname, "../..");
const moto: Moto | undefined = await startMoto();
const port = moto ? new URL(moto.endpoint).port : "0";

afterAll(async () => {
  await moto?.stop();
  rmSync(join(REPO, `cdk.out.local-${port}`), { recursive: true, force: true });
});

function run(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: REPO,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      detached: true,
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), timeoutMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const deployLocal = (...args: string[]) =>
  run(
    "npx",
    ["--no-install", "tsx", "scripts/deploy-local.ts", "--port", port, "--timeout", "150", ...args],
    180_000,
  );

describe.skipIf(!moto)(motoSuiteName("deploy:local, replay --stack and cdk destroy", moto), () => {
  it("deploys the app with the cdk CLI, replays the samples against it and destroys it", {
    timeout: 240_000,
  }, async () => {
    const endpoint = (moto as Moto).endpoint;
    const deployed = await deployLocal();
    expect(deployed.out).not.toMatch(/\bFAIL\b/);
    expect(deployed.code, deployed.out.slice(-3000)).toBe(0);
    for (const line of [
      /ok\s+stack outputs/,
      /ok\s+articles table .*stream NEW_IMAGE/,
      /ok\s+alerts topic/,
      /ok\s+queue .*NotifyDeadLetters/,
      /ok\s+ingest bucket/,
      /ok\s+REST API .*POST \/articles, authorization AWS_IAM/,
      /ok\s+stream -> notify mapping .*on failure -> .*NotifyDeadLetters/,
      /deploy:local timings: .*cdk deploy --method=direct [\d.]+ s.*total [\d.]+ s/,
    ])
      expect(deployed.out).toMatch(line);
    expect(deployed.out.match(/ok\s+function /g)).toHaveLength(4);
    console.log(deployed.out.match(/deploy:local timings: .*/)?.[0]);

    const replayed = await run(
      "node",
      ["cli/dev.mjs", "replay", "--json", "--stack", "Wirewatch", "--endpoint", endpoint, "events/"],
      60_000,
    );
    expect(replayed.code, replayed.out.slice(-2000)).toBe(0);
    const results = replayed.out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as ReplayResult);
    const byName = new Map(results.map((r) => [r.event.replace(/^events\//, ""), r]));
    const status = (name: string) =>
      (byName.get(name)?.response as { statusCode?: number } | undefined)?.statusCode;

    const seed = byName.get("api/01-seed-czechia-caps-russian-diplomats.json");
    expect(status("api/01-seed-czechia-caps-russian-diplomats.json")).toBe(201);
    expect(seed?.stored.map((s) => s.tags.map((t) => t.topic).sort())).toEqual([
      ["deadline", "expulsions", "intelligence"],
    ]);
    // One alert for the seed story, read back from the SQS inbox subscribed to the deployed topic.
    expect(seed?.alerts).toHaveLength(1);
    expect(seed?.alerts[0]?.articleId).toBe(seed?.stored[0]?.id);
    expect(seed?.alerts[0]?.topics.sort()).toEqual(["deadline", "expulsions", "intelligence"]);

    const again = byName.get("api/02-seed-again-duplicate.json");
    expect(status("api/02-seed-again-duplicate.json")).toBe(200);
    expect(again?.stored).toEqual([]);
    expect(again?.alerts).toEqual([]);
    for (const [name, code] of [
      ["api/10-bad-invalid-json.json", 400],
      ["api/11-bad-wrong-content-type.json", 415],
      ["api/12-bad-missing-title.json", 400],
      ["api/13-bad-javascript-url.json", 400],
      ["api/14-bad-whitespace-body.json", 422],
    ] as const) {
      expect(status(name), name).toBe(code);
      expect(byName.get(name)?.stored, name).toEqual([]);
    }
    const s3 = byName.get("s3/01-eventbridge-object-created-txt.json");
    expect(s3?.stored).toHaveLength(1);
    expect(s3?.alerts).toHaveLength(1);
    const binary = byName.get("s3/03-bad-binary-object.json")?.response as {
      objects: { skipped?: string }[];
    };
    expect(binary.objects[0]?.skipped).toMatch(/not valid UTF-8|binary/);

    // The articles are in the deployed table, named by the stack's outputs.
    const cfn = new CloudFormationClient((moto as Moto).clientConfig);
    const stackOutputs = async () =>
      (await cfn.send(new DescribeStacksCommand({ StackName: "Wirewatch" }))).Stacks?.[0]?.Outputs ?? [];
    const tableName = (await stackOutputs()).find((o) => o.OutputKey === "ArticlesTableName")?.OutputValue;
    const ddb = new DynamoDBClient((moto as Moto).clientConfig);
    const scan = await ddb.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "sk = :a",
        ExpressionAttributeValues: { ":a": { S: "ARTICLE" } },
      }),
    );
    expect(scan.Count).toBe(results.reduce((n, r) => n + r.stored.length, 0));
    ddb.destroy();

    const redriven = await run(
      "node",
      ["cli/dev.mjs", "redrive", "--stack", "Wirewatch", "--endpoint", endpoint],
      60_000,
    );
    expect(redriven.code, redriven.out).toBe(0);
    expect(redriven.out).toMatch(/redrove 0 of 0 dead-lettered batch/);

    const destroyed = await deployLocal("--destroy");
    expect(destroyed.code, destroyed.out.slice(-2000)).toBe(0);
    expect(destroyed.out).toMatch(/stack Wirewatch destroyed/);
    const status2 = await cfn
      .send(new DescribeStacksCommand({ StackName: "Wirewatch" }))
      .then((o) => o.Stacks?.[0]?.StackStatus)
      .catch(() => "gone");
    expect(["gone", "DELETE_COMPLETE"]).toContain(status2);
    cfn.destroy();
  });
});
