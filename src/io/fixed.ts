/**
 * One helper around binary-parser for fixed layouts whose byte order is known
 * up front: it checks the length, types the result, and turns the parser's
 * errors into a FormatError with the offset.
 */
import { Parser } from 'binary-parser';
import { FormatError, type FormatName } from './errors.js';

export type FixedLayout<T> = {
  readonly name: string;
  readonly size: number;
  readonly format: FormatName;
  parse(bytes: Uint8Array, offset: number, path?: string | null): T;
};

export function fixedLayout<T>(format: FormatName, name: string, size: number, parser: Parser): FixedLayout<T> {
  return {
    name,
    size,
    format,
    parse(bytes: Uint8Array, offset: number, path?: string | null): T {
      if (bytes.length < size) {
        throw new FormatError({
          code: 'TRUNCATED', format, offset, path,
          message: `${name} needs ${size} bytes, ${bytes.length} available`,
        });
      }
      try {
        return parser.parse(bytes.subarray(0, size)) as T;
      } catch (e) {
        throw new FormatError({ code: 'TRUNCATED', format, offset, path, message: `${name}: ${(e as Error).message}` });
      }
    },
  };
}

export { Parser };
