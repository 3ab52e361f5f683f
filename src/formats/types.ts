/** What every format reader takes and gives. */
import type { ByteSource } from '../io/byte-source.js';
import type { Limits } from '../io/limits.js';
import type { Session } from '../model/session.js';

export type Progress = { phase: string; done: number; total: number };

export type ReadOptions = {
  /** Path or name of the input, for `source.path` and messages (defaults to the source's name). */
  path?: string;
  /** Overrides of io/limits.ts for trusted large inputs. */
  limits?: Partial<Limits>;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** WAV: measure the audio (true peak, RMS, first sound). Default true. */
  measureAudio?: boolean;
  /** Silence threshold for first-sound detection, dBFS (default -60). */
  silenceThresholdDbfs?: number;
  /**
   * Opens another file relative to this input (AAF external essence, a
   * session's Audio Files). Absent in the browser or for buffers; readers
   * must work without it.
   */
  openRelative?: (relativePath: string) => Promise<ByteSource | null>;
};

export type DumpOptions = ReadOptions & {
  /** PTX: print the block tree. */
  blocks?: boolean;
};

export type SessionReader = (src: ByteSource, opts?: ReadOptions) => Promise<Session>;
export type Dumper = (src: ByteSource, opts?: DumpOptions) => Promise<string>;

export type FormatModule = {
  read: SessionReader;
  dump?: Dumper;
};
