/**
 * SnsSubscriptionDirectory on the local alert bus (a real SNSClient answered in process): the filter policies of
 * confirmed subscriptions only, and a warm instance's cached list, kept for maxAgeMs and no longer.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createLocalSns } from "../../cli/local/local-sns.ts";
import { SnsSubscriptionDirectory } from "../../lambdas/adapters/sns-subscriptions.ts";
import { describePolicy } from "../../lambdas/core/alerts/filter-policy.ts";

let file: string;
const write = (subscribers: unknown[]) => writeFile(file, JSON.stringify({ subscribers }));

beforeEach(async () => {
  file = join(await mkdtemp(join(tmpdir(), "wirewatch-directory-")), "subscribers.json");
  await write([
    { endpoint: "desk@example.org", protocol: "email", topics: ["expulsions"], confirmed: true },
    {
      endpoint: "daily@example.org",
      protocol: "email",
      topics: ["deadline"],
      cadence: "daily",
      confirmed: true,
    },
    { endpoint: "pending@example.org", protocol: "email", topics: ["intelligence"], confirmed: false },
  ]);
});

const described = async (d: SnsSubscriptionDirectory) =>
  (await d.policies()).map((p) => {
    const x = describePolicy(p);
    return `${x?.cadence}:${x?.topics.join("+")}`;
  });

describe("SnsSubscriptionDirectory", () => {
  it("lists the policies of confirmed subscriptions, instant and digest alike, and none of a pending one", async () => {
    const sns = createLocalSns({ subscribersFile: file });
    const directory = new SnsSubscriptionDirectory(sns.client, sns.topicArn);
    expect((await described(directory)).sort()).toEqual(["daily:deadline", "instant:expulsions"]);
  });

  it("reads the subscriptions again on every call without a maximum age", async () => {
    const sns = createLocalSns({ subscribersFile: file });
    const directory = new SnsSubscriptionDirectory(sns.client, sns.topicArn);
    await directory.policies();
    await write([
      { endpoint: "new@example.org", protocol: "email", topics: ["intelligence"], confirmed: true },
    ]);
    expect(await described(directory)).toEqual(["instant:intelligence"]);
  });

  it("reuses its list within the maximum age, and reads again once it has passed", async () => {
    const sns = createLocalSns({ subscribersFile: file });
    const directory = new SnsSubscriptionDirectory(sns.client, sns.topicArn, 150);
    const first = await described(directory);
    await write([
      { endpoint: "new@example.org", protocol: "email", topics: ["intelligence"], confirmed: true },
    ]);
    expect(await described(directory)).toEqual(first);
    await new Promise((r) => setTimeout(r, 200));
    expect(await described(directory)).toEqual(["instant:intelligence"]);
  });

  it("passes on an error SNS answers for a topic it does not know", async () => {
    const sns = createLocalSns({ subscribersFile: file });
    const directory = new SnsSubscriptionDirectory(
      sns.client,
      "arn:aws:sns:us-east-1:000000000000:no-such-topic",
    );
    await expect(directory.policies()).rejects.toThrow();
  });
});
