/** Fixed-seed fuzz pass: wav (see fixed-seed.ts). */
import { fixedSeedPass } from './fixed-seed.js';

fixedSeedPass('wav', 4000);
