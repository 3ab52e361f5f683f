/** Fixed-seed fuzz pass: aaf (see fixed-seed.ts). */
import { fixedSeedPass } from './fixed-seed.js';

fixedSeedPass('aaf', 2000);
