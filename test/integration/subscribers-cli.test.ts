/**
 * The subscriber commands (subscribe, unsubscribe, subscribers, explain) through the real CLI dispatcher, on
 * the embedded subscribers-file backend and on moto (--endpoint, --stack).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient, CreateStackCommand } from "@aws-sdk/client-cloudformation";
import { CreateTopicCommand, ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Explanation } from "../../cli/commands/explain.ts";
import { createArticlesTable, startEmbeddedDynamo } from "../../cli/local/embedded-dynamo.ts";
import { readSubscribersFile } from "../../cli/local/local-sns.ts";
import { main } from "../../cli/main.ts";
import { DynamoArticleStore } from "../../lambdas/adapters/dynamo-article-store.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";

const REPO = join(import.meta.dirname, "../..");
const SEED_SUBSCRIBERS = join(REPO, "events/subscribers.json");

/** Runs `wirewatch <args>` in process, capturing what it writes. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const rowsOf = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { endpoint: string; protocol: string; topics: string[]; status: string });

// An article written for this test: the tagger should find all three topics in it.
const ARTICLE_EVENT = {
  resource: "/articles",
  path: "/articles",
  httpMethod: "POST",
  headers: { "content-type": "application/json" },
  isBase64Encoded: false,
  body: JSON.stringify({
    title: "Prague orders Moscow to shrink its embassy",
    body: "The Czech government said on Thursday that Russia must cut its diplomatic staff in Prague to the size of the Czech mission in Moscow. Last week Prague expelled 18 Russian diplomats it identified as intelligence officers. Russia has until the end of May to withdraw the remaining staff.",
    url: "https://news.example.org/prague-embassy",
    source: "Example Wire",
    publishedAt: "2026-04-22",
  }),
};

let dir: string;
let file: string;
let eventFile: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wirewatch-subs-"));
  file = join(dir, "subscribers.json");
  copyFileSync(SEED_SUBSCRIBERS, file);
  eventFile = join(dir, "event.json");
  writeFileSync(eventFile, JSON.stringify(ARTICLE_EVENT));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("subscriber commands on the local subscribers file", () => {
  it("lists endpoint, protocol, topics, cadence, reminders and confirmed or pending", async () => {
    const { code, stdout } = await cli("subscribers", "--subscribers", file);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^ENDPOINT\s+PROTOCOL\s+TOPICS\s+CADENCE\s+REMINDERS\s+STATUS$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^ana@example\.org\s+email\s+expulsions\s+instant\s+no\s+confirmed$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^\+12025550101\s+sms\s+intelligence,deadline\s+instant\s+no\s+confirmed$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^pending@example\.org\s+email\s+expulsions,deadline\s+instant\s+no\s+pending$/),
    );
  });

  it("subscribes by email and by SMS, persisting to the file, and replaces topics on a second subscribe", async () => {
    const first = await cli(
      "subscribe",
      "--email",
      "new@example.org",
      "--topics",
      "expulsions,deadline",
      "--subscribers",
      file,
    );
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain("subscribed new@example.org (email) to expulsions, deadline");
    const sms = await cli(
      "subscribe",
      "--sms",
      "+1 (202) 555-0123",
      "--topics",
      "intelligence",
      "--subscribers",
      file,
    );
    expect(sms.code).toBe(0);
    const again = await cli(
      "subscribe",
      "--email",
      "new@example.org",
      "--topics",
      "intelligence",
      "--subscribers",
      file,
    );
    expect(again.stdout).toContain("updated new@example.org (email) to intelligence");

    const saved = readSubscribersFile(file).subscribers;
    expect(saved.filter((s) => s.endpoint === "new@example.org")).toEqual([
      { endpoint: "new@example.org", protocol: "email", topics: ["intelligence"], confirmed: true },
    ]);
    expect(saved).toContainEqual({
      endpoint: "+12025550123",
      protocol: "sms",
      topics: ["intelligence"],
      confirmed: true,
    });
    const listed = rowsOf((await cli("subscribers", "--json", "--subscribers", file)).stdout);
    expect(listed).toContainEqual({
      endpoint: "+12025550123",
      protocol: "sms",
      topics: ["intelligence"],
      cadence: "instant",
      reminders: false,
      status: "confirmed",
    });
  });

  it("unsubscribes by endpoint, or drops some topics only", async () => {
    expect((await cli("unsubscribe", "ana@example.org", "--subscribers", file)).code).toBe(0);
    expect(readSubscribersFile(file).subscribers.map((s) => s.endpoint)).not.toContain("ana@example.org");

    const partial = await cli(
      "unsubscribe",
      "--sms",
      "+12025550101",
      "--topics",
      "deadline",
      "--subscribers",
      file,
    );
    expect(partial.stdout).toContain("now intelligence");
    expect(readSubscribersFile(file).subscribers.find((s) => s.endpoint === "+12025550101")?.topics).toEqual([
      "intelligence",
    ]);

    const missing = await cli("unsubscribe", "--email", "nobody@example.org", "--subscribers", file);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no subscription for nobody@example.org");
  });

  it("rejects an unknown topic naming the valid ones, and changes nothing", async () => {
    const before = readFileSync(file, "utf8");
    const { code, stderr } = await cli(
      "subscribe",
      "--email",
      "a@b.org",
      "--topics",
      "nosuchtopic",
      "--subscribers",
      file,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown topic "nosuchtopic"; valid topics: .*deadline/);
    expect(stderr).toMatch(/expulsions/);
    expect(stderr).toMatch(/intelligence/);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("rejects a malformed email or phone number", async () => {
    expect(
      (await cli("subscribe", "--email", "not-an-address", "--topics", "deadline", "--subscribers", file))
        .code,
    ).toBe(2);
    expect(
      (await cli("subscribe", "--sms", "5550100", "--topics", "deadline", "--subscribers", file)).code,
    ).toBe(2);
  });

  it("exits 2 from the wirewatch command for an unknown topic", () => {
    const run = spawnSync(
      process.execPath,
      [
        join(REPO, "cli/dev.mjs"),
        "subscribe",
        "--topics",
        "nosuchtopic",
        "--email",
        "a@b.org",
        "--subscribers",
        file,
      ],
      { encoding: "utf8", env: { ...process.env, NODE_NO_WARNINGS: "1" } },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown topic "nosuchtopic"; valid topics:');
  });
});

describe("explain", () => {
  it("says a digest subscriber gets the story in its digest, and when a reminder goes out", async () => {
    expect(
      (
        await cli(
          "subscribe",
          "--email",
          "d@example.org",
          "--topics",
          "expulsions,deadline",
          "--digest",
          "daily",
          "--reminders",
          "--subscribers",
          file,
        )
      ).stdout,
    ).toContain("subscribed d@example.org (email) to expulsions, deadline on local file");
    const { code, stdout } = await cli(
      "explain",
      eventFile,
      "--email",
      "d@example.org",
      "--subscribers",
      file,
      "--date",
      "2026-04-23",
    );
    expect(code).toBe(0);
    expect(stdout).toContain("cadence: daily digest; reminders: yes");
    expect(stdout).toContain("decision: NOT DELIVERED (in-digest)");
    expect(stdout).toMatch(/also: in the daily digest \(group daily:deadline\+expulsions/);
    expect(stdout).toMatch(
      /also: a reminder of the deadline "until the end of May" \(2026-05-31\) goes out at 2026-05-30T09:00:00Z/,
    );
    const listed = await cli("subscribers", "--subscribers", file);
    expect(listed.stdout).toMatch(
      /^d@example\.org\s+email\s+expulsions,deadline\s+daily\s+yes\s+confirmed$/m,
    );
  });

  it("refuses an unknown cadence", async () => {
    const { code, stderr } = await cli(
      "subscribe",
      "--email",
      "d@example.org",
      "--topics",
      "deadline",
      "--digest",
      "hourly",
      "--subscribers",
      file,
    );
    expect(code).toBe(2);
    expect(stderr).toContain('--digest must be one of instant, daily, weekly, got "hourly"');
  });

  async function explainJson(...args: string[]): Promise<Explanation> {
    const { code, stdout, stderr } = await cli("explain", ...args, "--json", "--subscribers", file);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    return JSON.parse(stdout.trim().split("\n")[0] ?? "") as Explanation;
  }

  it("tags an event file and explains a delivery with the tags' evidence", async () => {
    const e = await explainJson(eventFile, "--email", "desk@example.org");
    expect(e.tags.map((t) => t.topic).sort()).toEqual(["deadline", "expulsions", "intelligence"]);
    expect(e.tags.find((t) => t.topic === "deadline")?.deadline).toEqual({
      phrase: "until the end of May",
      date: "2026-05-31",
    });
    expect(e.tags.find((t) => t.topic === "expulsions")?.evidence).toContain("expelled 18 Russian diplomats");
    expect(e.subscriber.policy).toEqual({
      kind: ["alert"],
      topics: ["expulsions", "intelligence", "deadline"],
      audience: [{ exists: false }, "deadline+expulsions+intelligence"],
    });
    expect(e.decision).toBe("delivered");
    expect(e.matchedOn.sort()).toEqual(["deadline", "expulsions", "intelligence"]);
    expect(e.preview?.subject).toMatch(/^\[wirewatch\] .*: Prague orders Moscow to shrink its embassy$/);
  });

  it("reads the object of an S3 event from the bucket folder, as replay does", async () => {
    const bucket = join(dir, "bucket");
    mkdirSync(join(bucket, "incoming"), { recursive: true });
    const article = JSON.parse(ARTICLE_EVENT.body) as { title: string; body: string };
    writeFileSync(join(bucket, "incoming/story.txt"), `${article.title}\n\n${article.body}\n`);
    const s3Event = join(dir, "s3-event.json");
    writeFileSync(
      s3Event,
      JSON.stringify({
        source: "aws.s3",
        "detail-type": "Object Created",
        detail: { bucket: { name: "ingest" }, object: { key: "incoming/story.txt" } },
      }),
    );
    const e = await explainJson(s3Event, "--email", "ana@example.org", "--bucket-dir", bucket);
    expect(e.article.title).toBe("Prague orders Moscow to shrink its embassy");
    expect(e).toMatchObject({ decision: "delivered", matchedOn: ["expulsions"] });
  });

  it("says who is not subscribed and who is pending confirmation", async () => {
    expect((await explainJson(eventFile, "--email", "nobody@example.org")).decision).toBe("not-subscribed");
    const pending = await explainJson(eventFile, "--email", "pending@example.org");
    expect(pending.decision).toBe("pending-confirmation");
    expect(pending.reason).toContain("once confirmed it would match on");
  });

  it("prints a readable explanation", async () => {
    const { code, stdout } = await cli("explain", eventFile, "--sms", "+12025550101", "--subscribers", file);
    expect(code).toBe(0);
    expect(stdout).toContain("subscriber +12025550101 (sms)");
    expect(stdout).toContain(
      'filter policy: {"kind":["alert"],"topics":["intelligence","deadline"],"audience":[{"exists":false},"deadline+intelligence"]}',
    );
    expect(stdout).toContain("cadence: instant alerts; reminders: no");
    expect(stdout).toMatch(/decision: DELIVERED \(delivered\)\n\s+matched on deadline, intelligence/);
  });

  it("looks an article id up in a table, and explains no topic overlap and no tags", async () => {
    const dynamo = await startEmbeddedDynamo();
    try {
      await createArticlesTable(dynamo.endpoint, "articles");
      const store = new DynamoArticleStore(dynamo.db, "articles");
      const base: TaggedArticle = {
        id: "0123456789abcdef0123456789abcdef",
        contentHash: "0".repeat(64),
        title: "Envoys told to leave within a week",
        text: "Two envoys were told to leave.",
        publishedAt: "2026-04-01T00:00:00.000Z",
        ingestedAt: "2026-04-01T00:00:00.000Z",
        tags: [{ topic: "expulsions", score: 0.9, evidence: "Two envoys were told to leave." }],
      };
      await store.put(base);
      await store.put({ ...base, id: "fedcba9876543210fedcba9876543210", title: "Weather", tags: [] });
      const args = ["--table", "articles", "--dynamo-endpoint", dynamo.endpoint];

      const ana = await explainJson(base.id, "--email", "ana@example.org", ...args);
      expect(ana).toMatchObject({ decision: "delivered", matchedOn: ["expulsions"] });
      const sms = await explainJson(base.id, "--sms", "+12025550101", ...args);
      expect(sms.decision).toBe("no-topic-overlap");
      expect(sms.reason).toContain(
        "the alert carries topics expulsions; the policy allowlists intelligence, deadline",
      );
      const none = await explainJson(
        "fedcba9876543210fedcba9876543210",
        "--email",
        "ana@example.org",
        ...args,
      );
      expect(none.decision).toBe("no-tags");

      const missing = await cli(
        "explain",
        "ffffffffffffffffffffffffffffffff",
        "--email",
        "ana@example.org",
        ...args,
        "--subscribers",
        file,
      );
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no article "ffffffffffffffffffffffffffffffff"');
    } finally {
      await dynamo.stop();
    }
  });

  it("asks for a table when given an article id without one", async () => {
    const { code, stderr } = await cli("explain", "abc", "--email", "ana@example.org", "--subscribers", file);
    expect(code).toBe(2);
    expect(stderr).toContain("give --table NAME");
  });
});

const moto: Moto | undefined = await startMoto();

describe.skipIf(!moto)(motoSuiteName("subscriber commands on SNS", moto), () => {
  let topicArn: string;
  let endpoint: string;

  beforeEach(async () => {
    await moto?.reset();
    endpoint = moto?.endpoint ?? "";
    const sns = new SNSClient({ ...moto?.clientConfig });
    topicArn = (await sns.send(new CreateTopicCommand({ Name: "wirewatch-alerts" }))).TopicArn as string;
    sns.destroy();
  });
  afterAll(() => moto?.stop());

  const target = () => ["--endpoint", endpoint, "--topic-arn", topicArn];

  it("subscribes, lists and unsubscribes through --endpoint", async () => {
    const email = await cli(
      "subscribe",
      "--email",
      "ana@example.org",
      "--topics",
      "expulsions,deadline",
      ...target(),
    );
    expect(email.code).toBe(0);
    expect(email.stdout).toContain(
      `subscribed ana@example.org (email) to expulsions, deadline on ${endpoint}`,
    );
    expect(
      (await cli("subscribe", "--sms", "+12025550199", "--topics", "intelligence", ...target())).code,
    ).toBe(0);
    // A second subscribe changes the policy rather than adding a subscription.
    expect(
      (await cli("subscribe", "--email", "ana@example.org", "--topics", "deadline", ...target())).stdout,
    ).toContain("updated ana@example.org (email) to deadline");

    const rows = rowsOf((await cli("subscribers", "--json", ...target())).stdout);
    expect(rows).toEqual([
      {
        endpoint: "ana@example.org",
        protocol: "email",
        topics: ["deadline"],
        cadence: "instant",
        reminders: false,
        status: "confirmed",
      },
      {
        endpoint: "+12025550199",
        protocol: "sms",
        topics: ["intelligence"],
        cadence: "instant",
        reminders: false,
        status: "confirmed",
      },
    ]);

    expect((await cli("unsubscribe", "--email", "ana@example.org", ...target())).code).toBe(0);
    const sns = new SNSClient({ ...moto?.clientConfig });
    const left = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    sns.destroy();
    expect(left.Subscriptions?.map((s) => s.Endpoint)).toEqual(["+12025550199"]);
  });

  it("rejects an unknown topic before calling SNS", async () => {
    const { code, stderr } = await cli(
      "subscribe",
      "--email",
      "a@b.org",
      "--topics",
      "nosuchtopic",
      ...target(),
    );
    expect(code).toBe(2);
    expect(stderr).toContain('unknown topic "nosuchtopic"; valid topics:');
    expect((await cli("subscribers", ...target())).stdout).toBe(`no subscribers on ${endpoint}\n`);
  });

  it("resolves the topic from a stack's AlertsTopicArn output", async () => {
    const cfn = new CloudFormationClient({ ...moto?.clientConfig });
    await cfn.send(
      new CreateStackCommand({
        StackName: "wirewatch-test",
        TemplateBody: JSON.stringify({
          Resources: { Alerts: { Type: "AWS::SNS::Topic", Properties: { TopicName: "stack-alerts" } } },
          Outputs: { AlertsTopicArn: { Value: { Ref: "Alerts" } } },
        }),
      }),
    );
    cfn.destroy();
    const stack = ["--stack", "wirewatch-test", "--endpoint", endpoint];
    const sub = await cli("subscribe", "--sms", "+12025550142", "--topics", "deadline", ...stack);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("on stack wirewatch-test");
    const rows = rowsOf((await cli("subscribers", "--json", ...stack)).stdout);
    expect(rows).toEqual([
      {
        endpoint: "+12025550142",
        protocol: "sms",
        topics: ["deadline"],
        cadence: "instant",
        reminders: false,
        status: "confirmed",
      },
    ]);
    // The other topic was left alone.
    expect((await cli("subscribers", ...target())).stdout).toContain("no subscribers");

    const missing = await cli("subscribers", "--stack", "no-such-stack", "--endpoint", endpoint);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read stack "no-such-stack"');
  });

  it("explains a delivery against the subscriptions on SNS", async () => {
    await cli("subscribe", "--email", "ana@example.org", "--topics", "intelligence", ...target());
    const { code, stdout } = await cli(
      "explain",
      eventFile,
      "--email",
      "ana@example.org",
      "--json",
      ...target(),
    );
    expect(code).toBe(0);
    const e = JSON.parse(stdout) as Explanation;
    expect(e).toMatchObject({
      decision: "delivered",
      matchedOn: ["intelligence"],
      subscriber: { status: "confirmed" },
    });
  });

  it("needs a topic with --endpoint", async () => {
    const { code, stderr } = await cli("subscribers", "--endpoint", endpoint);
    expect(code).toBe(2);
    expect(stderr).toContain("--endpoint needs --topic-arn ARN or --stack NAME");
  });
});
