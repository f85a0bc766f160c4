// First: the tagger's regexes compile straight to native code (see regexp-tiering.ts).
import "../regexp-tiering.ts";
import { createDynamoClient } from "../adapters/clients.ts";
import { ingestApiDeps } from "../composition.ts";
import { loadIngestConfig } from "../config.ts";
import { createIngestApiHandler } from "./app.ts";

// Composition root: config and clients are built once per cold start and reused by warm invocations.
export const handler = createIngestApiHandler(ingestApiDeps(loadIngestConfig(), createDynamoClient()));
