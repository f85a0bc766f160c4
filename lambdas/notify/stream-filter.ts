import { ARTICLE_SK } from "../adapters/table-schema.ts";

/**
 * The Lambda event-source filter for the notify function: only newly inserted article items (not tag edges,
 * not updates such as the alerted marker) reach it. Pure data, used by the CDK construct and by the local
 * replay, which applies the same pattern to the stream records it synthesises.
 */
export const NOTIFY_STREAM_FILTER = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { sk: { S: [ARTICLE_SK] } } },
} as const;
