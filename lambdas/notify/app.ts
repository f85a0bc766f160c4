import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { fromArticleItem } from "../adapters/dynamo-article-store.ts";
import { ARTICLE_SK } from "../adapters/table-schema.ts";
import type { Telemetry } from "../adapters/telemetry.ts";
import { buildAlert, newTopicsOf } from "../core/alerts/alert.ts";
import { audienceOf, describePolicy } from "../core/alerts/filter-policy.ts";
import type { TaggedArticle } from "../core/article.ts";
import type {
  Alert,
  AlertPublisher,
  ArticleStore,
  ReminderScheduler,
  SubscriptionDirectory,
} from "../core/ports.ts";
import { DEFAULT_REMINDER_LEAD_HOURS, planReminder } from "../core/reminders/plan.ts";

export interface NotifyDeps {
  store: Pick<ArticleStore, "alreadyAlerted" | "markAlerted">;
  publisher: AlertPublisher;
  telemetry: Telemetry;
  /** Reminder scheduling; without it no reminders are scheduled (e.g. a stack without a schedule group). */
  reminders?: { scheduler: ReminderScheduler; leadHours?: number };
  /**
   * The topic's subscriptions, read when a later copy of a story adds topics: its alert then names the subscriber
   * topic sets it is for (those the story had not reached). Without it such an alert goes to every subscriber of
   * an added topic.
   */
  subscriptions?: SubscriptionDirectory;
  /** @default the wall clock */
  now?: () => Date;
}

function articleOf(record: DynamoDBRecord): TaggedArticle | "skip" | "malformed" {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || !image || image.sk?.S !== ARTICLE_SK) return "skip";
  try {
    const article = fromArticleItem(unmarshall(image as Record<string, AttributeValue>));
    if (typeof article.id !== "string" || typeof article.title !== "string" || !Array.isArray(article.tags))
      return "malformed";
    return article;
  } catch {
    return "malformed";
  }
}

/**
 * Stream batch -> one alert per newly inserted tagged article. Reports exactly the records that failed in
 * batchItemFailures; a record whose alert was already published (a retried batch) is skipped, so a retry never
 * sends an alert twice. Alerts are at-least-once only in the window between a publish and its alerted marker.
 */
export function createNotifyHandler(deps: NotifyDeps) {
  const { logger } = deps.telemetry;
  const now = deps.now ?? (() => new Date());

  /**
   * One reminder per story and deadline date (the schedule name says which, so a second copy finds it scheduled).
   * Independent of the alert: a record whose scheduling failed is retried, and its alert, already marked, is not
   * sent again.
   */
  async function scheduleReminders(
    articles: Map<string, { article: TaggedArticle; sequenceNumbers: string[] }>,
    failures: Set<string>,
  ): Promise<void> {
    if (!deps.reminders) return;
    for (const { article, sequenceNumbers } of articles.values()) {
      const decision = planReminder(article, now(), deps.reminders.leadHours ?? DEFAULT_REMINDER_LEAD_HOURS);
      if ("skip" in decision) {
        logger.info("no reminder", { articleId: article.id, reason: decision.skip });
        continue;
      }
      try {
        const outcome = await deps.reminders.scheduler.schedule(decision.plan);
        logger.info(outcome === "scheduled" ? "reminder scheduled" : "reminder already scheduled", {
          articleId: article.id,
          storyId: decision.plan.storyId,
          schedule: decision.plan.name,
          at: decision.plan.at,
        });
        if (outcome === "scheduled") deps.telemetry.count("RemindersScheduled");
      } catch (error) {
        logger.error("could not schedule the reminder; record reported for retry", error as Error);
        for (const s of sequenceNumbers) failures.add(s);
      }
    }
  }

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failures = new Set<string>();
    const byArticle = new Map<string, { article: TaggedArticle; sequenceNumbers: string[] }>();
    const withDeadline = new Map<string, { article: TaggedArticle; sequenceNumbers: string[] }>();
    try {
      for (const record of event.Records) {
        const sequenceNumber = record.dynamodb?.SequenceNumber ?? record.eventID ?? "";
        const article = articleOf(record);
        if (article === "skip") continue;
        if (article === "malformed") {
          logger.error("malformed article image in stream record", { sequenceNumber });
          failures.add(sequenceNumber);
          continue;
        }
        if (article.tags.length === 0) {
          logger.info("article has no tags; no alert", { articleId: article.id });
          continue;
        }
        if (article.tags.some((t) => t.deadline?.date)) {
          const entry = withDeadline.get(article.id) ?? { article, sequenceNumbers: [] };
          entry.sequenceNumbers.push(sequenceNumber);
          withDeadline.set(article.id, entry);
        }
        if (newTopicsOf(article).length === 0) {
          logger.info("a later copy of a story adds no topic; no alert", {
            articleId: article.id,
            storyId: article.story?.storyId,
          });
          continue;
        }
        const entry = byArticle.get(article.id) ?? { article, sequenceNumbers: [] };
        entry.sequenceNumbers.push(sequenceNumber);
        byArticle.set(article.id, entry);
      }
      await scheduleReminders(withDeadline, failures);
      if (byArticle.size === 0)
        return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };

      let alerted: Set<string>;
      try {
        alerted = await deps.store.alreadyAlerted([...byArticle.keys()]);
      } catch (error) {
        logger.error("could not read alerted markers; the whole batch will be retried", error as Error);
        for (const { sequenceNumbers } of byArticle.values())
          for (const s of sequenceNumbers) failures.add(s);
        return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
      }
      for (const id of alerted) {
        logger.info("alert already published; skipped", { articleId: id });
        deps.telemetry.count("DuplicateAlertsSkipped");
        byArticle.delete(id);
      }

      const alerts: Alert[] = [];
      let topicSets: string[][] | undefined;
      for (const { article, sequenceNumbers } of byArticle.values()) {
        const alert = buildAlert(article);
        const prior = article.story?.priorTopics ?? [];
        if (prior.length > 0 && deps.subscriptions) {
          try {
            topicSets ??= (await deps.subscriptions.policies()).flatMap((p) => {
              const d = describePolicy(p);
              return d?.cadence === "instant" ? [d.topics] : [];
            });
          } catch (error) {
            logger.error(
              "could not list subscriptions for a later copy; record reported for retry",
              error as Error,
            );
            for (const s of sequenceNumbers) failures.add(s);
            continue;
          }
          alert.audience = audienceOf(topicSets, alert.topics, prior);
          if (alert.audience.length === 0) {
            logger.info(
              "a later copy adds topics, but every subscriber of them had the story already; no alert",
              {
                articleId: article.id,
                storyId: article.story?.storyId,
                topics: alert.topics,
              },
            );
            continue;
          }
        }
        alerts.push(alert);
      }
      if (alerts.length === 0)
        return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
      const result = await deps.publisher.publish(alerts);
      for (const { articleId, reason } of result.failed) {
        logger.error("alert publish failed; record reported for retry", { articleId, reason });
        for (const s of byArticle.get(articleId)?.sequenceNumbers ?? []) failures.add(s);
      }
      for (const articleId of result.published) {
        const topics = byArticle.get(articleId)?.article.tags.map((t) => t.topic) ?? [];
        logger.info("alert published", { articleId, topics });
        deps.telemetry.count("AlertsPublished");
      }
      if (result.published.length > 0) {
        // A failed marker write is logged, not retried: the alert went out, and retrying the record would send it again.
        await deps.store
          .markAlerted(result.published)
          .catch((error) => logger.warn("could not mark alerts as published", error as Error));
      }
      if (result.failed.length) deps.telemetry.count("AlertPublishFailures", result.failed.length);
      return { batchItemFailures: [...failures].map((itemIdentifier) => ({ itemIdentifier })) };
    } finally {
      deps.telemetry.flush();
    }
  };
}
