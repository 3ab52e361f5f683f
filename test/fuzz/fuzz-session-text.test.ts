/** Fixed-seed fuzz pass: session-text (see fixed-seed.ts). */
import { fixedSeedPass } from './fixed-seed.js';

fixedSeedPass('session-text', 4000);
