/**
 * The filter policies buildFilterPolicy makes (instant, digest, reminders) against the messages the functions
 * publish (first alerts, later copies with an audience, reminders, digests), on the local alert bus and on moto
 * (SNS -> SQS): each subscriber receives exactly what its cadence and opt-ins say.
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
import { afterAll, describe, expect, it } from "vitest";
import { createLocalSns } from "../../cli/local/local-sns.ts";
import { SnsAlertPublisher } from "../../lambdas/adapters/sns-alert-publisher.ts";
import {
  audienceOf,
  buildFilterPolicy,
  FILTER_POLICY_SCOPE,
  type SubscriptionOptions,
} from "../../lambdas/core/alerts/filter-policy.ts";
import type { Alert } from "../../lambdas/core/ports.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";

const KNOWN = ["expulsions", "intelligence", "deadline"];

const SUBSCRIBERS: Record<string, [string[], SubscriptionOptions]> = {
  expulsions: [["expulsions"], {}],
  deadline: [["deadline"], {}],
  "expulsions+deadline": [["expulsions", "deadline"], {}],
  "deadline+reminders": [["deadline"], { reminders: true }],
  "daily:expulsions+deadline": [["expulsions", "deadline"], { cadence: "daily" }],
  "daily:deadline": [["deadline"], { cadence: "daily" }],
  "weekly:intelligence+reminders": [["intelligence"], { cadence: "weekly", reminders: true }],
};

const message = (id: string, extra: Partial<Alert>): Alert => ({
  articleId: id,
  topics: [],
  subject: `[wirewatch] ${id}`,
  message: { default: JSON.stringify({ id }), email: id, sms: id },
  ...extra,
});

const MESSAGES: Alert[] = [
  // The story's first alert, on expulsions.
  message("first", { kind: "alert", topics: ["expulsions"] }),
  // A later copy adds deadline: for the topic sets the story had not reached.
  message("copy", {
    kind: "alert",
    topics: ["deadline"],
    audience: audienceOf(
      Object.values(SUBSCRIBERS)
        .filter(([, o]) => !o.cadence)
        .map(([t]) => t),
      ["deadline"],
      ["expulsions"],
    ),
  }),
  message("reminder", { kind: "reminder", topics: ["expulsions", "intelligence", "deadline"] }),
  message("digest-daily", {
    kind: "digest",
    digestGroup: "daily:deadline+expulsions",
    topics: ["deadline", "expulsions"],
  }),
  message("digest-weekly", { kind: "digest", digestGroup: "weekly:intelligence", topics: ["intelligence"] }),
];

const EXPECTED: Record<string, string[]> = {
  expulsions: ["first"],
  deadline: ["copy"],
  "expulsions+deadline": ["first"],
  "deadline+reminders": ["copy", "reminder"],
  "daily:expulsions+deadline": ["digest-daily"],
  "daily:deadline": [],
  "weekly:intelligence+reminders": ["reminder", "digest-weekly"],
};

interface Bus {
  client: SNSClient;
  topicArn: string;
  endpoint(name: string): Promise<string>;
  received(name: string): Promise<string[]>;
}

async function run(bus: Bus): Promise<Record<string, string[]>> {
  for (const [name, [topics, options]] of Object.entries(SUBSCRIBERS))
    await bus.client.send(
      new SubscribeCommand({
        TopicArn: bus.topicArn,
        Protocol: "sqs",
        Endpoint: await bus.endpoint(name),
        Attributes: {
          FilterPolicy: JSON.stringify(buildFilterPolicy(topics, KNOWN, options)),
          FilterPolicyScope: FILTER_POLICY_SCOPE,
          RawMessageDelivery: "true",
        },
      }),
    );
  const result = await new SnsAlertPublisher(bus.client, bus.topicArn).publish(MESSAGES);
  expect(result.failed).toEqual([]);
  const got: Record<string, string[]> = {};
  const order = MESSAGES.map((m) => m.articleId);
  for (const name of Object.keys(SUBSCRIBERS))
    got[name] = (await bus.received(name)).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return got;
}

const queueName = (name: string) => name.replace(/[^A-Za-z0-9_-]/g, "_");

describe("routing by kind, cadence and reminders on the local alert bus", () => {
  const dir = mkdtempSync(join(tmpdir(), "wirewatch-kinds-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("delivers each message to exactly the subscribers it is for", async () => {
    const local = createLocalSns({ subscribersFile: join(dir, "subscribers.json") });
    const arn = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${queueName(name)}`;
    const got = await run({
      client: local.client,
      topicArn: local.topicArn,
      endpoint: async (name) => arn(name),
      received: async (name) =>
        local.deliveries
          .filter((d) => d.subscriber.endpoint === arn(name))
          .map((d) => (JSON.parse(d.body) as { id: string }).id),
    });
    expect(got).toEqual(EXPECTED);
  });
});

const moto: Moto | undefined = await startMoto();

describe.skipIf(!moto)(motoSuiteName("routing by kind, cadence and reminders on SNS to SQS", moto), () => {
  afterAll(async () => {
    await moto?.stop();
  });
  it("delivers each message to exactly the subscribers it is for", async () => {
    const sns = new SNSClient({ ...moto?.clientConfig });
    const sqs = new SQSClient({ ...moto?.clientConfig });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "wirewatch-kinds" }));
    const urls = new Map<string, string>();
    const got = await run({
      client: sns,
      topicArn: TopicArn as string,
      async endpoint(name) {
        const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName(name) }));
        urls.set(name, QueueUrl as string);
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
        );
        return Attributes?.QueueArn as string;
      },
      async received(name) {
        const ids: string[] = [];
        for (;;) {
          const out = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: urls.get(name),
              MaxNumberOfMessages: 10,
              WaitTimeSeconds: 0,
            }),
          );
          if (!out.Messages?.length) break;
          ids.push(...out.Messages.map((m) => (JSON.parse(m.Body ?? "{}") as { id: string }).id));
        }
        return ids;
      },
    });
    expect(got).toEqual(EXPECTED);
    sns.destroy();
    sqs.destroy();
  });
});
