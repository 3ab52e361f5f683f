/** Fixed-seed fuzz pass: ptx (see fixed-seed.ts). */
import { fixedSeedPass } from './fixed-seed.js';

fixedSeedPass('ptx', 4000);
