/**
 * OTLP/protobuf logs: decoded by the code protobuf-es generates from the official .proto files,
 * after a wire-format check that names the offending field in any error (docs/adr/0006: the
 * hand-written logs decoder measured no faster, so it was removed).
 */
import { fromBinary } from '@bufbuild/protobuf';
import {
  type ExportLogsServiceRequest,
  ExportLogsServiceRequestSchema,
} from '../protobuf/generated/opentelemetry/proto/collector/logs/v1/logs_service_pb.ts';
import { logsFromMessage } from '../protobuf/library-decode.ts';
import { asPlainBytes, DecodeError } from '../protobuf/proto-reader.ts';
import { checkWireFormat } from '../protobuf/wire-check.ts';
import type { AttributeCollector, LogsRequest } from './otlp-model.ts';

/** Decodes an `ExportLogsServiceRequest`; throws `DecodeError` naming the field on malformed input. */
export function decodeLogsProto(request: Uint8Array, attrs: AttributeCollector): LogsRequest {
  // Strings and bytes are views of the body: cheaper on a plain Uint8Array than on a Buffer.
  const body = asPlainBytes(request);
  checkWireFormat(ExportLogsServiceRequestSchema, body);
  let message: ExportLogsServiceRequest;
  try {
    message = fromBinary(ExportLogsServiceRequestSchema, body);
  } catch (error) {
    // The check above refuses everything fromBinary is known to refuse; should it refuse more,
    // that is still the sender's bad input (400), not a fault of Cairn's.
    throw new DecodeError(error instanceof Error ? error.message : String(error));
  }
  return logsFromMessage(message, attrs);
}
