import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { InputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../kernel/errors.ts';

const gunzipAsync = promisify(gunzip);

/** The two OTLP/HTTP encodings. */
export type OtlpEncoding = 'protobuf' | 'json';

/** `application/x-protobuf` or `application/json` (parameters such as charset ignored); else 415. */
export function otlpEncodingOf(contentType: string | undefined): OtlpEncoding {
  const media = mediaType(contentType);
  if (media === 'application/x-protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  throw new UnsupportedMediaTypeError(
    `Content-Type ${JSON.stringify(contentType ?? '')} is not supported; send application/x-protobuf or application/json`,
  );
}

/** The media type of a Content-Type header, lower-cased and without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Undoes `Content-Encoding` (gzip or identity) with a hard limit on the inflated size: zlib stops
 * as soon as the output would pass `maxBytes`, so a gzip bomb costs at most `maxBytes` of memory,
 * never its full expansion.
 */
export async function decodeContentEncoding(
  body: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return body;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new UnsupportedMediaTypeError(
      `Content-Encoding ${JSON.stringify(contentEncoding)} is not supported; send gzip or identity`,
    );
  }
  try {
    return await gunzipAsync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    // Node signals the limit with ERR_BUFFER_TOO_LARGE (a RangeError); anything else is bad gzip.
    if (error instanceof RangeError) {
      throw new PayloadTooLargeError(
        `body: more than ${maxBytes} bytes after gzip decompression (server.maxBodyBytes)`,
      );
    }
    throw new InputError(
      `body: invalid gzip data (${error instanceof Error ? error.message : String(error)})`,
      'body',
    );
  }
}
