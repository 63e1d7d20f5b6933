// One of the two parallel halves of `npm run test:emit-corpus` (see corpus.ts).
import { describeShard } from './corpus';

describeShard(0);
