/** Fixed-seed fuzz pass: model (see fixed-seed.ts). */
import { fixedSeedPass } from './fixed-seed.js';

fixedSeedPass('model', 4000);
