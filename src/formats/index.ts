/**
 * The reader registry: detected format → reader. Each format lives in its own
 * folder and exports `read<Format>` (and `dump<Format>`).
 */
import type { DetectedFormat } from '../detect.js';
import type { FormatModule } from './types.js';
import { dumpAaf, readAaf } from './aaf/index.js';
import { dumpModel, readModel } from './model/index.js';
import { dumpPtx, readPtx } from './ptx/index.js';
import { dumpSessionText, readSessionText } from './session-text/index.js';
import { dumpWav, readWav } from './wav/index.js';
import { dumpZip, readZip } from './zip/index.js';

export const READERS: Partial<Record<DetectedFormat, FormatModule>> = {
  ptx: { read: readPtx, dump: dumpPtx },
  ptf: { read: readPtx, dump: dumpPtx },
  pts: { read: readPtx, dump: dumpPtx },
  aaf: { read: readAaf, dump: dumpAaf },
  'session-text': { read: readSessionText, dump: dumpSessionText },
  wav: { read: readWav, dump: dumpWav },
  model: { read: readModel, dump: dumpModel },
  zip: { read: readZip, dump: dumpZip },
};
