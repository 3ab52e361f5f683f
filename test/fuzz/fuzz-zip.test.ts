/** Fixed-seed fuzz pass: zip (see fixed-seed.ts). */
import { fixedSeedPass } from './fixed-seed.js';

fixedSeedPass('zip', 4000);
