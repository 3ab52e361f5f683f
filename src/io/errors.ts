/** Codes a caller can branch on; never branch on message text. */
export type FormatErrorCode = 'TRUNCATED' | 'BAD_MAGIC' | 'CYCLE' | 'LIMIT' | 'UNSUPPORTED';

export type FormatName =
  | 'ptx' | 'ptf' | 'pts' | 'aaf' | 'cfb' | 'session-text' | 'wav' | 'zip' | 'folder' | 'model' | 'unknown';

export type FormatErrorInit = {
  code: FormatErrorCode;
  format: FormatName;
  message: string;
  /** Absolute byte offset in the input where the problem was found, if any. */
  offset?: number | null;
  /** Path of the input (file name, or `archive.zip!entry`). */
  path?: string | null;
  /** For LIMIT errors: the name of the limit that was met (see limits.ts). */
  limit?: string;
};

/**
 * A fatal error reading an input. The message names the format, the place
 * (byte offset, in hex and decimal) and, when known, the file.
 */
export class FormatError extends Error {
  readonly code: FormatErrorCode;
  readonly format: FormatName;
  readonly offset: number | null;
  path: string | null;
  readonly limit: string | undefined;
  readonly detail: string;

  constructor(init: FormatErrorInit) {
    super('');
    this.name = 'FormatError';
    this.code = init.code;
    this.format = init.format;
    this.offset = init.offset ?? null;
    this.path = init.path ?? null;
    this.limit = init.limit;
    this.detail = init.message;
    this.message = this.describe();
  }

  /** Attach the input's path (readers often learn it late). */
  withPath(path: string | null | undefined): this {
    if (path && !this.path) {
      this.path = path;
      this.message = this.describe();
    }
    return this;
  }

  private describe(): string {
    const where = this.offset == null ? '' : ` (at byte ${this.offset}, 0x${this.offset.toString(16)})`;
    const file = this.path ? `${this.path}: ` : '';
    return `${file}${this.format}: ${this.detail}${where}`;
  }
}

export function isFormatError(e: unknown): e is FormatError {
  return e instanceof FormatError || (typeof e === 'object' && e !== null && (e as { name?: string }).name === 'FormatError');
}

export function truncated(format: FormatName, offset: number, message: string): FormatError {
  return new FormatError({ code: 'TRUNCATED', format, offset, message });
}
