/** Types for snappyjs (pure-JS Snappy block format), which ships none. */
declare module 'snappyjs' {
  /** Inflates a Snappy block; throws when the stream is invalid or would exceed `maxLength` bytes. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  /** Compresses into one Snappy block. */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
