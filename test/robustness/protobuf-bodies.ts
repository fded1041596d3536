/**
 * Small valid protobuf bodies (OTLP exports and a remote-write WriteRequest) built with a minimal
 * wire-format encoder of its own, so the bad-input corpus has valid messages to corrupt without
 * depending on the decoder it tests.
 */

type Field =
  | [number, 'varint', number | bigint]
  | [number, 'fixed64', bigint]
  | [number, 'double', number]
  | [number, 'bytes', Uint8Array | string | Field[]];

function varint(value: number | bigint): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

/** Encodes fields in order; a `Field[]` value is a nested message. */
export function encode(fields: Field[]): Uint8Array {
  const out: number[] = [];
  for (const [number, type, value] of fields) {
    if (type === 'varint') out.push(...varint((number << 3) | 0), ...varint(value));
    else if (type === 'fixed64' || type === 'double') {
      const bytes = new Uint8Array(8);
      const view = new DataView(bytes.buffer);
      if (type === 'fixed64') view.setBigUint64(0, value as bigint, true);
      else view.setFloat64(0, value as number, true);
      out.push(...varint((number << 3) | 1), ...bytes);
    } else {
      const bytes =
        typeof value === 'string'
          ? new TextEncoder().encode(value)
          : value instanceof Uint8Array
            ? value
            : encode(value);
      out.push(...varint((number << 3) | 2), ...varint(bytes.length), ...bytes);
    }
  }
  return new Uint8Array(out);
}

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));
const resource = (service: string): Field => [
  1,
  'bytes',
  [
    [
      1,
      'bytes',
      [
        [1, 'bytes', 'service.name'],
        [2, 'bytes', [[1, 'bytes', service]]],
      ],
    ],
  ],
];

/** A valid protobuf Export*ServiceRequest with two records for `service`. */
export function otlpProtobuf(signal: 'traces' | 'logs' | 'metrics', service: string): Uint8Array {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const scope: Field = [1, 'bytes', [[1, 'bytes', 'corpus']]];
  switch (signal) {
    case 'traces': {
      const span = (i: number): Field => [
        2,
        'bytes',
        [
          [1, 'bytes', hex('5b8efff798038103d269b633813fc60c')],
          [2, 'bytes', hex(`eee19b7ec3c1b10${i}`)],
          [5, 'bytes', `span-${i}`],
          [6, 'varint', 2],
          [7, 'fixed64', nowNs - 1_000_000n],
          [8, 'fixed64', nowNs],
        ],
      ];
      return encode([[1, 'bytes', [resource(service), [2, 'bytes', [scope, span(1), span(2)]]]]]);
    }
    case 'logs': {
      const record = (i: number): Field => [
        2,
        'bytes',
        [
          [1, 'fixed64', nowNs],
          [2, 'varint', 9],
          [5, 'bytes', [[1, 'bytes', `log ${i}`]]],
        ],
      ];
      return encode([[1, 'bytes', [resource(service), [2, 'bytes', [scope, record(1), record(2)]]]]]);
    }
    case 'metrics': {
      const point = (value: number): Field => [
        1,
        'bytes',
        [
          [3, 'fixed64', nowNs],
          [4, 'double', value],
        ],
      ];
      const metric: Field = [
        2,
        'bytes',
        [
          [1, 'bytes', 'corpus_points'],
          [5, 'bytes', [point(1), point(2)]],
        ],
      ];
      return encode([[1, 'bytes', [resource(service), [2, 'bytes', [scope, metric]]]]]);
    }
  }
}

/** A valid uncompressed remote-write 1.0 WriteRequest with one series of two samples. */
export function remoteWriteProtobuf(): Uint8Array {
  const label = (name: string, value: string): Field => [
    1,
    'bytes',
    [
      [1, 'bytes', name],
      [2, 'bytes', value],
    ],
  ];
  const sample = (value: number, ms: number): Field => [
    2,
    'bytes',
    [
      [1, 'double', value],
      [2, 'varint', ms],
    ],
  ];
  const now = Date.now();
  return encode([
    [
      1,
      'bytes',
      [
        label('__name__', 'corpus_requests_total'),
        label('job', 'corpus'),
        sample(1, now - 1000),
        sample(2, now),
      ],
    ],
  ]);
}
