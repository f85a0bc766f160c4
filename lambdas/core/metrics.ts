/**
 * The EMF metric names and dimensions the functions emit (agreed across the project, see COMMON.md), in one
 * side-effect-free place the telemetry adapter and the CloudWatch dashboard both read, so they cannot drift.
 */

/** The CloudWatch namespace of every wirewatch metric (POWERTOOLS_METRICS_NAMESPACE). */
export const METRIC_NAMESPACE = "wirewatch";

/** Where an article came in: the `source` dimension of ArticlesIngested. */
export const INGEST_SOURCES = ["api", "s3", "feed"] as const;
export type IngestSource = (typeof INGEST_SOURCES)[number];

export const METRIC = {
  articlesIngested: "ArticlesIngested",
  duplicatesSkipped: "DuplicatesSkipped",
  articlesRejected: "ArticlesRejected",
  articlesTagged: "ArticlesTagged",
  storiesMerged: "StoriesMerged",
  alertsPublished: "AlertsPublished",
  alertPublishFailures: "AlertPublishFailures",
  duplicateAlertsSkipped: "DuplicateAlertsSkipped",
  objectsSkipped: "ObjectsSkipped",
  ingestUnavailable: "IngestUnavailable",
  feedsPolled: "FeedsPolled",
  feedPollFailures: "FeedPollFailures",
  digestsSent: "DigestsSent",
  remindersScheduled: "RemindersScheduled",
  remindersSent: "RemindersSent",
} as const;
