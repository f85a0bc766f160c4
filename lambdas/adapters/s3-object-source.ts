import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { UnavailableError, ValidationError } from "../core/errors.ts";
import type { ObjectSource } from "../core/ports.ts";
import { isRetryable } from "./aws-errors.ts";

/**
 * S3 refused to read the object (403). Not a ValidationError: the object may be fine and the permission wrong
 * (a bucket or key policy, an object encrypted with a key the function may not use), so the event is retried and
 * then kept in the ingest dead-letter queue until someone fixes the permission and redrives it.
 */
export class ObjectAccessDeniedError extends Error {
  override name = "ObjectAccessDeniedError";
}

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;

/**
 * What a failed GetObject means. S3 answers a key that does not exist with 404 NoSuchKey only when the caller may
 * also s3:ListBucket the bucket, and with 403 AccessDenied otherwise (GetObject API reference, "Permissions"); the
 * stack grants ListBucket (infra/constructs/ingest-bucket.ts), so here a 403 is a real refusal, never a missing key.
 */
export function objectReadError(error: unknown, bucket: string, key: string): Error {
  const name = error instanceof Error ? error.name : "";
  const where = `s3://${bucket}/${key}`;
  if (name === "NoSuchKey" || name === "NotFound" || statusOf(error) === 404)
    return new ValidationError(`${where} does not exist`, { code: "not_found" });
  if (name === "AccessDenied" || name === "Forbidden" || statusOf(error) === 403)
    return new ObjectAccessDeniedError(
      `${where}: access denied (${name || "403"}); ingest-s3 needs s3:GetObject on the key and s3:ListBucket on the bucket, and the object must be readable with the bucket's encryption`,
      { cause: error },
    );
  if (isRetryable(error))
    return new UnavailableError(`the ingest bucket is temporarily unavailable (${name}); retry shortly`, 2, {
      cause: error,
    });
  return error instanceof Error ? error : new Error(String(error));
}

export class S3ObjectSource implements ObjectSource {
  constructor(private readonly s3: S3Client) {}

  async read(
    bucket: string,
    key: string,
    maxBytes: number,
  ): Promise<{ bytes: Uint8Array; contentType?: string }> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch((error) => {
      throw objectReadError(error, bucket, key);
    });
    if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
      out.Body?.transformToWebStream().cancel();
      throw new ValidationError(
        `s3://${bucket}/${key} is ${out.ContentLength} bytes; the limit is ${maxBytes}`,
        {
          status: 413,
          code: "body_too_large",
        },
      );
    }
    const bytes = (await out.Body?.transformToByteArray()) ?? new Uint8Array();
    if (bytes.length > maxBytes) {
      throw new ValidationError(`s3://${bucket}/${key} is ${bytes.length} bytes; the limit is ${maxBytes}`, {
        status: 413,
        code: "body_too_large",
      });
    }
    return { bytes, ...(out.ContentType ? { contentType: out.ContentType } : {}) };
  }
}
