/**
 * One table of delivery cases, run against both the local alert bus (used by replay) and a real SNS
 * implementation (moto, SNS -> SQS): subscribers get queues subscribed with the policies buildFilterPolicy
 * produces, alerts go out through SnsAlertPublisher as the notify function sends them, and each queue's
 * contents are compared with the expectation.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createLocalSns, readSubscribersFile, writeSubscribersFile } from "../../cli/local/local-sns.ts";
import { SnsAlertPublisher } from "../../lambdas/adapters/sns-alert-publisher.ts";
import { type AlertPayload, buildAlert, gsm7Length } from "../../lambdas/core/alerts/alert.ts";
import { buildFilterPolicy, FILTER_POLICY_SCOPE } from "../../lambdas/core/alerts/filter-policy.ts";
import type { TaggedArticle } from "../../lambdas/core/article.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";

const KNOWN = ["expulsions", "intelligence", "deadline"] as const;

function tagged(id: string, topics: string[]): TaggedArticle {
  return {
    id,
    contentHash: id.padEnd(64, "0"),
    title: `Story ${id} about ${topics.join(" and ")}`,
    text: "Not used by alerts.",
    url: `https://news.example.org/${id}`,
    source: "Example Wire",
    publishedAt: "2026-03-02T10:00:00.000Z",
    ingestedAt: "2026-03-02T10:01:00.000Z",
    tags: topics.map((topic) => ({ topic, score: 0.9, evidence: `A sentence that shows ${topic}.` })),
  };
}

interface DeliveryCase {
  name: string;
  subscribers: Record<string, string[]>;
  articles: TaggedArticle[];
  /** Article ids each subscriber receives, in publish order; each id at most once. */
  expected: Record<string, string[]>;
}

const CASES: DeliveryCase[] = [
  {
    name: "a subscriber of one topic gets only the alerts carrying it",
    subscribers: { ana: ["expulsions"] },
    articles: [
      tagged("a1", ["expulsions", "deadline"]),
      tagged("a2", ["intelligence"]),
      tagged("a3", ["expulsions"]),
    ],
    expected: { ana: ["a1", "a3"] },
  },
  {
    name: "a subscriber of several topics gets alerts carrying any of them",
    subscribers: { ben: ["intelligence", "deadline"] },
    articles: [tagged("b1", ["expulsions"]), tagged("b2", ["deadline"]), tagged("b3", ["intelligence"])],
    expected: { ben: ["b2", "b3"] },
  },
  {
    name: "a subscriber of topics that do not match gets nothing",
    subscribers: { cho: ["intelligence"], dev: ["deadline"] },
    articles: [tagged("c1", ["expulsions"]), tagged("c2", ["expulsions", "deadline"])],
    expected: { cho: [], dev: ["c2"] },
  },
  {
    name: "an article with two topics gives ONE alert to a subscriber of both",
    subscribers: { eva: ["expulsions", "deadline"], fin: ["expulsions", "intelligence", "deadline"] },
    articles: [
      tagged("d1", ["expulsions", "deadline"]),
      tagged("d2", ["expulsions", "intelligence", "deadline"]),
    ],
    expected: { eva: ["d1", "d2"], fin: ["d1", "d2"] },
  },
];

/** A backend the cases run against: an SNS client and topic, plus a way to read what each queue got. */
interface Bus {
  client: SNSClient;
  topicArn: string;
  queueEndpoint(name: string): Promise<string>;
  /** Bodies delivered to the queue so far. */
  received(name: string): Promise<string[]>;
}

async function runCase(bus: Bus, c: DeliveryCase): Promise<Record<string, string[]>> {
  for (const [name, topics] of Object.entries(c.subscribers)) {
    await bus.client.send(
      new SubscribeCommand({
        TopicArn: bus.topicArn,
        Protocol: "sqs",
        Endpoint: await bus.queueEndpoint(name),
        Attributes: {
          FilterPolicy: JSON.stringify(buildFilterPolicy(topics, KNOWN)),
          FilterPolicyScope: FILTER_POLICY_SCOPE,
          RawMessageDelivery: "true",
        },
        ReturnSubscriptionArn: true,
      }),
    );
  }
  const result = await new SnsAlertPublisher(bus.client, bus.topicArn).publish(
    c.articles.map((a) => buildAlert(a)),
  );
  expect(result.failed).toEqual([]);
  expect(result.published).toEqual(c.articles.map((a) => a.id));
  const got: Record<string, string[]> = {};
  for (const name of Object.keys(c.subscribers)) {
    const bodies = await bus.received(name);
    got[name] = bodies.map((b) => {
      const payload = JSON.parse(b) as AlertPayload;
      expect(payload.kind).toBe("wirewatch.alert");
      return payload.articleId;
    });
  }
  return got;
}

describe("alert delivery on the local alert bus", () => {
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-bus-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES)("$name", async (c) => {
    const local = createLocalSns({ subscribersFile: join(dir, `${c.name.replace(/\W+/g, "-")}.json`) });
    const arnOf = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;
    const bus: Bus = {
      client: local.client,
      topicArn: local.topicArn,
      queueEndpoint: async (name) => arnOf(name),
      received: async (name) =>
        local.deliveries.filter((d) => d.subscriber.endpoint === arnOf(name)).map((d) => d.body),
    };
    expect(await runCase(bus, c)).toEqual(c.expected);
  });

  it("sends email the email body with the subject, SMS the short text, and nothing to pending subscribers", async () => {
    const file = join(dir, "channels.json");
    const local = createLocalSns({ subscribersFile: file });
    const sub = (Protocol: string, Endpoint: string) =>
      local.client.send(
        new SubscribeCommand({
          TopicArn: local.topicArn,
          Protocol,
          Endpoint,
          Attributes: { FilterPolicy: JSON.stringify(buildFilterPolicy(["deadline"], KNOWN)) },
        }),
      );
    await sub("email", "ana@example.org");
    await sub("sms", "+12025550123");
    // An email subscriber whose policy matches but who has not confirmed (as SNS lists a subscription before its
    // owner follows the confirmation link): the local bus, like SNS, delivers nothing to it.
    const data = readSubscribersFile(file);
    data.subscribers.push({
      endpoint: "pending@example.org",
      protocol: "email",
      topics: ["deadline"],
      confirmed: false,
    });
    writeSubscribersFile(file, data);
    expect(local.subscribers().map((s) => [s.endpoint, s.confirmed])).toEqual([
      ["ana@example.org", true],
      ["+12025550123", true],
      ["pending@example.org", false],
    ]);

    const article = tagged("e1", ["deadline"]);
    await new SnsAlertPublisher(local.client, local.topicArn).publish([buildAlert(article)]);
    const deliveries = local.takeDeliveries();
    expect(deliveries.map((d) => d.subscriber.endpoint)).toEqual(["ana@example.org", "+12025550123"]);
    const [email, sms] = deliveries;
    const alert = buildAlert(article);
    expect(email).toMatchObject({
      subscriber: { protocol: "email" },
      subject: alert.subject,
      body: alert.message.email,
    });
    // As on SNS, an SMS from the topic starts with its display name; the whole text still fits one segment.
    expect(sms).toMatchObject({
      subscriber: { protocol: "sms" },
      body: `WIREWATCH ALERTS> ${alert.message.sms}`,
    });
    expect(gsm7Length(sms?.body ?? "")).toBeLessThanOrEqual(160);
    expect(sms?.subject).toBeUndefined();
    expect(local.deliveries).toEqual([]);

    // Once confirmed, the same subscriber gets the next alert: the policy was never the reason.
    const confirmed = readSubscribersFile(file);
    for (const s of confirmed.subscribers) s.confirmed = true;
    writeSubscribersFile(file, confirmed);
    await new SnsAlertPublisher(local.client, local.topicArn).publish([
      buildAlert(tagged("e2", ["deadline"])),
    ]);
    expect(local.takeDeliveries().map((d) => d.subscriber.endpoint)).toContain("pending@example.org");
  });
  it("refuses, like SNS, entries with an invalid subject or no default body, reporting them as failed", async () => {
    const local = createLocalSns({ subscribersFile: join(dir, "refusals.json") });
    const good = buildAlert(tagged("g1", ["deadline"]));
    const longSubject = { ...buildAlert(tagged("g2", ["deadline"])), subject: `x${"y".repeat(100)}` };
    const noDefault = {
      ...buildAlert(tagged("g3", ["deadline"])),
      message: { email: "e", sms: "s" } as unknown as ReturnType<typeof buildAlert>["message"],
    };
    const result = await new SnsAlertPublisher(local.client, local.topicArn).publish([
      good,
      longSubject,
      noDefault,
    ]);
    expect(result.published).toEqual(["g1"]);
    expect(result.failed).toEqual([
      { articleId: "g2", reason: expect.stringContaining("Subject") },
      { articleId: "g3", reason: expect.stringContaining("No default entry") },
    ]);
  });
});

const moto: Moto | undefined = await startMoto();

describe.skipIf(!moto)(motoSuiteName("alert delivery on SNS to SQS", moto), () => {
  let sns: SNSClient;
  let sqs: SQSClient;

  beforeEach(async () => {
    await moto?.reset();
    sns?.destroy();
    sqs?.destroy();
    sns = new SNSClient({ ...moto?.clientConfig });
    sqs = new SQSClient({ ...moto?.clientConfig });
  });
  afterAll(async () => {
    sns?.destroy();
    sqs?.destroy();
    await moto?.stop();
  });

  async function motoBus(): Promise<Bus> {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "wirewatch-alerts" }));
    const queues = new Map<string, string>();
    return {
      client: sns,
      topicArn: TopicArn as string,
      async queueEndpoint(name) {
        const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
        queues.set(name, QueueUrl as string);
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
        );
        return Attributes?.QueueArn as string;
      },
      async received(name) {
        const bodies: string[] = [];
        for (;;) {
          const out = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queues.get(name),
              MaxNumberOfMessages: 10,
              WaitTimeSeconds: 0,
            }),
          );
          if (!out.Messages?.length) break;
          bodies.push(...out.Messages.map((m) => m.Body ?? ""));
        }
        // A standard queue does not keep order: compare in publish order.
        return bodies.sort((a, b) => (JSON.parse(a).articleId < JSON.parse(b).articleId ? -1 : 1));
      },
    };
  }

  it.each(CASES)("$name", async (c) => {
    expect(await runCase(await motoBus(), c)).toEqual(c.expected);
  });

  it("publishes more than one batch of 10 and reports every alert", async () => {
    const bus = await motoBus();
    const articles = Array.from({ length: 23 }, (_, i) =>
      tagged(`n${String(i).padStart(2, "0")}`, ["deadline"]),
    );
    const got = await runCase(bus, {
      name: "many",
      subscribers: { all: ["deadline"] },
      articles,
      expected: {},
    });
    expect(got.all).toEqual(articles.map((a) => a.id));
  });

  it("reports every alert of a chunk as failed, with the reason, when the topic does not exist", async () => {
    const publisher = new SnsAlertPublisher(sns, "arn:aws:sns:us-east-1:123456789012:no-such-topic");
    const result = await publisher.publish([
      buildAlert(tagged("f1", ["deadline"])),
      buildAlert(tagged("f2", ["expulsions"])),
    ]);
    expect(result.published).toEqual([]);
    expect(result.failed.map((f) => f.articleId)).toEqual(["f1", "f2"]);
    expect(result.failed[0]?.reason).toMatch(/NotFound|does not exist/i);
  });
});
