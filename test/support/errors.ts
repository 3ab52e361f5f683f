/** The FormatError a read fails with; anything else thrown (or no error) fails the test. */
import { FormatError, isFormatError } from '../../src/io/errors.js';

export async function formatErrorOf(p: Promise<unknown> | (() => unknown)): Promise<FormatError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (isFormatError(e)) return e as FormatError;
    throw e;
  }
  throw new Error('expected a FormatError');
}
