import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ValidationError } from "../core/errors.ts";
import type { ObjectSource } from "../core/ports.ts";
import { asUnavailable } from "./aws-errors.ts";

export class S3ObjectSource implements ObjectSource {
  constructor(private readonly s3: S3Client) {}

  async read(
    bucket: string,
    key: string,
    maxBytes: number,
  ): Promise<{ bytes: Uint8Array; contentType?: string }> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })).catch((error) => {
      if (error instanceof Error && error.name === "NoSuchKey")
        throw new ValidationError(`s3://${bucket}/${key} does not exist`, { code: "not_found" });
      return asUnavailable(error, "the ingest bucket");
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
