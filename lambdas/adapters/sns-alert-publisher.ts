import {
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  type PublishBatchResponse,
  type SNSClient,
} from "@aws-sdk/client-sns";
import { alertMessageAttributes, digestMessageAttributes } from "../core/alerts/filter-policy.ts";
import type { Alert, AlertPublisher, PublishResult } from "../core/ports.ts";

/** SNS PublishBatch takes at most 10 entries and 256 KiB in total per request. */
const MAX_BATCH_ENTRIES = 10;
const MAX_BATCH_BYTES = 256 * 1024;
const MAX_ENTRY_ID_LENGTH = 80;

/**
 * A batch entry id for an article id: SNS allows only letters, digits, hyphens and underscores, at most
 * 80 characters, unique within one request (the caller appends a suffix on collisions).
 */
export function batchEntryId(articleId: string): string {
  const id = articleId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, MAX_ENTRY_ID_LENGTH);
  return id || "alert";
}

function entrySize(entry: PublishBatchRequestEntry): number {
  let bytes = Buffer.byteLength(entry.Message ?? "") + Buffer.byteLength(entry.Subject ?? "");
  for (const [name, value] of Object.entries(entry.MessageAttributes ?? {}))
    bytes +=
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType ?? "") +
      Buffer.byteLength(value.StringValue ?? "");
  return bytes;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Publishes alerts to the alerts topic with PublishBatch; every entry is reported as published or failed. */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(alerts: readonly Alert[]): Promise<PublishResult> {
    const result: PublishResult = { published: [], failed: [] };
    for (const chunk of this.chunks(alerts)) {
      const byId = new Map(chunk.map((c) => [c.entry.Id as string, c.alert.articleId]));
      let response: PublishBatchResponse;
      try {
        response = await this.sns.send(
          new PublishBatchCommand({
            TopicArn: this.topicArn,
            PublishBatchRequestEntries: chunk.map((c) => c.entry),
          }),
        );
      } catch (error) {
        const reason = reasonOf(error);
        for (const { alert } of chunk) result.failed.push({ articleId: alert.articleId, reason });
        continue;
      }
      const answered = new Set<string>();
      for (const ok of response.Successful ?? []) {
        const articleId = ok.Id ? byId.get(ok.Id) : undefined;
        if (articleId === undefined || !ok.Id) continue;
        answered.add(ok.Id);
        result.published.push(articleId);
      }
      for (const bad of response.Failed ?? []) {
        const articleId = bad.Id ? byId.get(bad.Id) : undefined;
        if (articleId === undefined || !bad.Id) continue;
        answered.add(bad.Id);
        const reason = [bad.Code, bad.Message].filter(Boolean).join(": ") || "failed";
        result.failed.push({ articleId, reason: bad.SenderFault ? `${reason} (sender fault)` : reason });
      }
      for (const [id, articleId] of byId)
        if (!answered.has(id))
          result.failed.push({ articleId, reason: "no result for this entry in the PublishBatch response" });
    }
    return result;
  }

  /** Groups alerts into requests of at most 10 entries and 256 KiB, with ids unique within each request. */
  private *chunks(alerts: readonly Alert[]): Generator<{ alert: Alert; entry: PublishBatchRequestEntry }[]> {
    let chunk: { alert: Alert; entry: PublishBatchRequestEntry }[] = [];
    let bytes = 0;
    let ids = new Set<string>();
    for (const alert of alerts) {
      const entry: PublishBatchRequestEntry = {
        Id: "",
        Message: JSON.stringify(alert.message),
        MessageStructure: "json",
        Subject: alert.subject,
        MessageAttributes:
          alert.kind === "digest"
            ? digestMessageAttributes(alert.digestGroup ?? "")
            : alertMessageAttributes(alert.topics, alert.kind ?? "alert", alert.audience),
      };
      const size = entrySize(entry);
      if (chunk.length > 0 && (chunk.length === MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
        yield chunk;
        chunk = [];
        bytes = 0;
        ids = new Set();
      }
      entry.Id = uniqueId(batchEntryId(alert.articleId), ids);
      ids.add(entry.Id);
      chunk.push({ alert, entry });
      bytes += size;
    }
    if (chunk.length > 0) yield chunk;
  }
}

function uniqueId(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = base.slice(0, MAX_ENTRY_ID_LENGTH - suffix.length) + suffix;
    if (!taken.has(id)) return id;
  }
}
