/**
 * OTLP/protobuf logs: decoded by the code protobuf-es generates from the official .proto files
 * (docs/adr/0006: the hand-written logs decoder measured no faster, so it was removed). When
 * `fromBinary` refuses a request, a wire-format check finds the field to name in the error.
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
  let message: ExportLogsServiceRequest;
  try {
    message = fromBinary(ExportLogsServiceRequestSchema, body);
  } catch (error) {
    // fromBinary's errors name no field: find it. The check runs only here, as on valid input it
    // would cost about as much again as fromBinary (docs/adr/0006).
    checkWireFormat(ExportLogsServiceRequestSchema, body);
    // The check found nothing fromBinary refused (not seen so far): still the sender's bad input.
    throw new DecodeError(error instanceof Error ? error.message : String(error));
  }
  return logsFromMessage(message, attrs);
}
