/**
 * Boundaries that small, realistic bugs cross: each test here was checked to fail against a planted bug (the bug
 * is named in the test). Limits are tested at exactly the limit and one past it.
 */
import { PublishBatchCommand, type PublishBatchRequestEntry, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { SnsAlertPublisher } from "../../lambdas/adapters/sns-alert-publisher.ts";
import { DEFAULT_LIMITS } from "../../lambdas/config.ts";
import { alertMessageAttributes, matchesFilterPolicy } from "../../lambdas/core/alerts/filter-policy.ts";
import { ValidationError } from "../../lambdas/core/errors.ts";
import { contentHash, normaliseArticle } from "../../lambdas/core/ingest/normalise.ts";
import { parseIngestRequest } from "../../lambdas/core/ingest/request.ts";
import type { Alert } from "../../lambdas/core/ports.ts";

const headers = { "Content-Type": "application/json" };
const article = (i: number) => ({
  title: `Envoy number ${i} recalled`,
  body: "A short but sufficient article body.",
});
const request = (value: unknown) => ({ body: JSON.stringify(value), headers });

describe("the content hash keeps the title/text boundary (bug: title and text joined with a space)", () => {
  it("gives different hashes when words move across the boundary", () => {
    expect(contentHash("a b", "c")).not.toBe(contentHash("a", "b c"));
    expect(contentHash("Ministry expels", "two diplomats")).not.toBe(
      contentHash("Ministry", "expels two diplomats"),
    );
  });

  it("makes two real articles that differ only in where the title ends two articles", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const text = "officials said on Monday that the talks would resume next week in the capital.";
    const one = normaliseArticle({ title: "Talks resume", body: `Next week ${text}` }, now);
    const two = normaliseArticle({ title: "Talks resume next week", body: text }, now);
    expect(`${one.title} ${one.text}`.replace(/\s+/g, " ")).not.toBe(`${two.title} ${two.text}`);
    expect(one.id).not.toBe(two.id);
    // Whitespace and case inside each part still do not matter.
    const same = normaliseArticle({ title: "TALKS   resume", body: `next  week ${text}` }, now);
    expect(same.id).toBe(one.id);
  });
});

describe("a batch of exactly the limit is accepted (bug: >= instead of >)", () => {
  const limits = { maxBodyBytes: 1_000_000, maxBatchItems: 3 };

  it("accepts exactly maxBatchItems articles and refuses one more", () => {
    const exactly = parseIngestRequest(request([article(1), article(2), article(3)]), limits);
    expect(exactly.items).toHaveLength(3);
    expect(exactly.items.every((i) => !(i instanceof ValidationError))).toBe(true);
    expect(() => parseIngestRequest(request([1, 2, 3, 4].map(article)), limits)).toThrow(/at most 3/);
  });

  it("accepts the deployed limit of 25 exactly", () => {
    const list = Array.from({ length: DEFAULT_LIMITS.maxBatchItems }, (_, i) => article(i));
    expect(parseIngestRequest(request({ articles: list }), DEFAULT_LIMITS).items).toHaveLength(25);
    expect(() => parseIngestRequest(request({ articles: [...list, article(99)] }), DEFAULT_LIMITS)).toThrow(
      /26 articles; at most 25/,
    );
  });

  it("accepts a body of exactly maxBodyBytes and refuses one byte more", () => {
    const body = JSON.stringify(article(1));
    const exact = { maxBodyBytes: Buffer.byteLength(body), maxBatchItems: 3 };
    expect(parseIngestRequest({ body, headers }, exact).items).toHaveLength(1);
    expect(() =>
      parseIngestRequest({ body, headers }, { ...exact, maxBodyBytes: exact.maxBodyBytes - 1 }),
    ).toThrow(/limit is/);
  });

  it("accepts a title of exactly 500 characters and refuses 501", () => {
    const ok = parseIngestRequest(request({ ...article(1), title: "t".repeat(500) }), limits);
    expect(ok.items[0]).not.toBeInstanceOf(ValidationError);
    // A per-item problem comes back as the item's error, not as a thrown request error.
    const long = parseIngestRequest(request({ ...article(1), title: "t".repeat(501) }), limits).items[0];
    expect(long).toBeInstanceOf(ValidationError);
    expect((long as ValidationError).message).toMatch(/title/);
  });
});

describe("SNS PublishBatch holds exactly 10 entries (bug: a chunk closed at 9, or 11 sent)", () => {
  const sns = new SNSClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const mock = mockClient(sns);
  afterEach(() => mock.reset());
  const alert = (id: string): Alert => ({
    articleId: id,
    topics: ["deadline"],
    subject: `s ${id}`,
    message: { default: "{}", email: "e", sms: "s" },
  });
  const sizes = async (n: number) => {
    mock
      .on(PublishBatchCommand)
      .callsFake((input: { PublishBatchRequestEntries: PublishBatchRequestEntry[] }) => ({
        Successful: input.PublishBatchRequestEntries.map((e) => ({ Id: e.Id, MessageId: `m-${e.Id}` })),
      }));
    const alerts = Array.from({ length: n }, (_, i) => alert(`a${i}`));
    const result = await new SnsAlertPublisher(sns, "arn:aws:sns:us-east-1:1:t").publish(alerts);
    expect(result.published).toHaveLength(n);
    return mock
      .commandCalls(PublishBatchCommand)
      .map((c) => c.args[0].input.PublishBatchRequestEntries?.length);
  };

  it("sends 10 alerts in one request and 11 in two", async () => {
    expect(await sizes(10)).toEqual([10]);
    mock.reset();
    expect(await sizes(11)).toEqual([10, 1]);
  });
});

describe('{"exists": false} matches only when the attribute is absent (bug: it matches a present one)', () => {
  it("does not match a message that carries the attribute", () => {
    expect(matchesFilterPolicy({ topics: [{ exists: false }] }, alertMessageAttributes(["deadline"]))).toBe(
      false,
    );
    expect(
      matchesFilterPolicy(
        { kind: [{ exists: false }] },
        { kind: { DataType: "String", StringValue: "digest" } },
      ),
    ).toBe(false);
  });

  it("matches a message without it, alongside other keys that must match", () => {
    // The instant subscriber's policy shape: a first alert carries no `audience`; a later copy's alert names one.
    const policy = { topics: ["deadline"], audience: [{ exists: false }] };
    expect(matchesFilterPolicy(policy, alertMessageAttributes(["deadline"]))).toBe(true);
    expect(matchesFilterPolicy(policy, alertMessageAttributes(["deadline"], "alert", ["deadline"]))).toBe(
      false,
    );
  });

  it('{"exists": true} is the mirror image', () => {
    expect(matchesFilterPolicy({ audience: [{ exists: true }] }, alertMessageAttributes(["deadline"]))).toBe(
      false,
    );
    expect(
      matchesFilterPolicy(
        { audience: [{ exists: true }] },
        alertMessageAttributes(["deadline"], "alert", ["deadline"]),
      ),
    ).toBe(true);
  });
});
