import { PublishBatchCommand, type PublishBatchRequestEntry, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { batchEntryId, SnsAlertPublisher } from "../../lambdas/adapters/sns-alert-publisher.ts";
import type { Alert } from "../../lambdas/core/ports.ts";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";

function alert(articleId: string, topics = ["deadline"]): Alert {
  return {
    articleId,
    topics,
    subject: `[wirewatch] ${topics.join(", ")}: story ${articleId}`,
    message: { default: JSON.stringify({ articleId }), email: `email ${articleId}`, sms: `sms ${articleId}` },
  };
}

const sns = new SNSClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
const mock = mockClient(sns);
afterEach(() => mock.reset());

const entriesOf = (call: number) =>
  (mock.commandCalls(PublishBatchCommand)[call]?.args[0].input.PublishBatchRequestEntries ??
    []) as PublishBatchRequestEntry[];

describe("SnsAlertPublisher", () => {
  it("sends each alert as a json-structured entry with subject and topics attribute", async () => {
    mock.on(PublishBatchCommand).resolves({ Successful: [{ Id: "a1", MessageId: "m1" }], Failed: [] });
    const result = await new SnsAlertPublisher(sns, TOPIC).publish([alert("a1", ["expulsions", "deadline"])]);
    expect(result).toEqual({ published: ["a1"], failed: [] });
    const call = mock.commandCalls(PublishBatchCommand)[0]?.args[0].input;
    expect(call?.TopicArn).toBe(TOPIC);
    expect(call?.PublishBatchRequestEntries).toEqual([
      {
        Id: "a1",
        MessageStructure: "json",
        Message: JSON.stringify({ default: '{"articleId":"a1"}', email: "email a1", sms: "sms a1" }),
        Subject: "[wirewatch] expulsions, deadline: story a1",
        MessageAttributes: {
          kind: { DataType: "String", StringValue: "alert" },
          topics: { DataType: "String.Array", StringValue: '["expulsions","deadline"]' },
        },
      },
    ]);
  });

  it("publishes in chunks of at most 10", async () => {
    mock
      .on(PublishBatchCommand)
      .callsFake((input: { PublishBatchRequestEntries: PublishBatchRequestEntry[] }) => ({
        Successful: input.PublishBatchRequestEntries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })),
      }));
    const alerts = Array.from({ length: 23 }, (_, i) => alert(`id${i}`));
    const result = await new SnsAlertPublisher(sns, TOPIC).publish(alerts);
    expect(
      mock.commandCalls(PublishBatchCommand).map((c) => c.args[0].input.PublishBatchRequestEntries?.length),
    ).toEqual([10, 10, 3]);
    expect(result.published).toEqual(alerts.map((a) => a.articleId));
  });

  it("maps Failed entries back to their articles with the reason", async () => {
    mock.on(PublishBatchCommand).resolves({
      Successful: [{ Id: "ok", MessageId: "m1" }],
      Failed: [{ Id: "bad", Code: "InvalidParameter", Message: "Subject too long", SenderFault: true }],
    });
    const result = await new SnsAlertPublisher(sns, TOPIC).publish([
      alert("ok"),
      alert("bad"),
      alert("lost"),
    ]);
    expect(result.published).toEqual(["ok"]);
    expect(result.failed).toEqual([
      { articleId: "bad", reason: "InvalidParameter: Subject too long (sender fault)" },
      { articleId: "lost", reason: "no result for this entry in the PublishBatch response" },
    ]);
  });

  it("fails every alert of a chunk whose request throws, and carries on with the next chunk", async () => {
    mock
      .on(PublishBatchCommand)
      .rejectsOnce(Object.assign(new Error("Rate exceeded"), { name: "ThrottledException" }))
      .callsFake((input: { PublishBatchRequestEntries: PublishBatchRequestEntry[] }) => ({
        Successful: input.PublishBatchRequestEntries.map((e) => ({ Id: e.Id, MessageId: "m" })),
      }));
    const alerts = Array.from({ length: 12 }, (_, i) => alert(`n${i}`));
    const result = await new SnsAlertPublisher(sns, TOPIC).publish(alerts);
    expect(result.failed).toHaveLength(10);
    expect(result.failed[0]).toEqual({ articleId: "n0", reason: "ThrottledException: Rate exceeded" });
    expect(result.published).toEqual(["n10", "n11"]);
  });

  it("derives valid, unique batch entry ids from article ids", async () => {
    expect(batchEntryId("abc-DEF_123")).toBe("abc-DEF_123");
    expect(batchEntryId("a:b/c.d")).toBe("a_b_c_d");
    expect(batchEntryId("x".repeat(100))).toHaveLength(80);
    mock
      .on(PublishBatchCommand)
      .callsFake((input: { PublishBatchRequestEntries: PublishBatchRequestEntry[] }) => ({
        Successful: input.PublishBatchRequestEntries.map((e) => ({ Id: e.Id, MessageId: "m" })),
      }));
    const result = await new SnsAlertPublisher(sns, TOPIC).publish([
      alert("a.b"),
      alert("a:b"),
      alert("a.b"),
    ]);
    const ids = entriesOf(0).map((e) => e.Id);
    expect(ids).toEqual(["a_b", "a_b-2", "a_b-3"]);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(result.published).toEqual(["a.b", "a:b", "a.b"]);
  });
});

describe("SnsAlertPublisher answers", () => {
  const ok = (ids: string[]) => ids.map((Id) => ({ Id, MessageId: `m-${Id}` }));
  it("fails an entry the response does not mention, and one answered Failed without code or message", async () => {
    mock.on(PublishBatchCommand).resolves({
      Successful: [...ok(["p1"]), { Id: "unknown", MessageId: "x" }, { MessageId: "no-id" }],
      Failed: [{ Id: "p2", SenderFault: false } as never, { Id: "stranger", Code: "X", SenderFault: true }],
    });
    const result = await new SnsAlertPublisher(sns, TOPIC).publish([alert("p1"), alert("p2"), alert("p3")]);
    expect(result.published).toEqual(["p1"]);
    expect(result.failed).toEqual([
      { articleId: "p2", reason: "failed" },
      { articleId: "p3", reason: "no result for this entry in the PublishBatch response" },
    ]);
  });

  it("says a sender fault, and gives the reason of a thrown non-Error", async () => {
    mock
      .on(PublishBatchCommand)
      .resolvesOnce({
        Failed: [{ Id: "s1", Code: "InvalidParameter", Message: "Bad subject", SenderFault: true }],
      })
      .rejectsOnce("plain string" as never);
    const first = await new SnsAlertPublisher(sns, TOPIC).publish([alert("s1")]);
    expect(first.failed).toEqual([
      { articleId: "s1", reason: "InvalidParameter: Bad subject (sender fault)" },
    ]);
    const second = await new SnsAlertPublisher(sns, TOPIC).publish([alert("s2")]);
    expect(second.failed[0]?.articleId).toBe("s2");
    expect(second.failed[0]?.reason).toMatch(/plain string/);
  });

  it("keeps a suffixed id within 80 characters and falls back to 'alert' for an id with nothing usable", async () => {
    mock
      .on(PublishBatchCommand)
      .callsFake((input: { PublishBatchRequestEntries: PublishBatchRequestEntry[] }) => ({
        Successful: input.PublishBatchRequestEntries.map((e) => ({ Id: e.Id, MessageId: "m" })),
      }));
    const long = "y".repeat(90);
    await new SnsAlertPublisher(sns, TOPIC).publish([alert(long), alert(long), alert("")]);
    const ids = entriesOf(0).map((e) => e.Id as string);
    expect(ids).toEqual(["y".repeat(80), `${"y".repeat(78)}-2`, "alert"]);
    expect(await new SnsAlertPublisher(sns, TOPIC).publish([])).toEqual({ published: [], failed: [] });
    expect(mock.commandCalls(PublishBatchCommand)).toHaveLength(1);
  });
});
