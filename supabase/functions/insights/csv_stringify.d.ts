/**
 * The part of csv-stringify's sync API the insights function uses. Its own declarations pull in
 * Node's `stream` types, whose global `CryptoKey` clashes with the WebCrypto one other modules of
 * the same Deno program use; this keeps Deno's type graph Node-free.
 */
export interface CastOptions {
  boolean?: (value: boolean) => string;
  date?: (value: Date) => string;
  object?: (value: object) => string;
}

export interface Options {
  header?: boolean;
  columns?: string[];
  bom?: boolean;
  cast?: CastOptions;
}

export function stringify(records: Record<string, unknown>[], options?: Options): string;
