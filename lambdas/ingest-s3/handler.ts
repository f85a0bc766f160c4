// First: the tagger's regexes compile straight to native code (see regexp-tiering.ts).
import "../regexp-tiering.ts";
import { createDynamoClient, createS3Client } from "../adapters/clients.ts";
import { ingestS3Deps } from "../composition.ts";
import { loadIngestConfig } from "../config.ts";
import { createIngestS3Handler } from "./app.ts";

// Composition root: config and clients are built once per cold start and reused by warm invocations.
export const handler = createIngestS3Handler(
  ingestS3Deps(loadIngestConfig(), createDynamoClient(), createS3Client()),
);
