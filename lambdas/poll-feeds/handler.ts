// First: the tagger's regexes compile straight to native code (see regexp-tiering.ts).
import "../regexp-tiering.ts";
import { createDynamoClient } from "../adapters/clients.ts";
import { pollFeedsDeps } from "../composition.ts";
import { loadPollFeedsConfig } from "../config.ts";
import { createPollFeedsHandler } from "./app.ts";

// Composition root: config and clients are built once per cold start and reused by warm invocations.
export const handler = createPollFeedsHandler(pollFeedsDeps(loadPollFeedsConfig(), createDynamoClient()));
