import { transform } from '../../codemods/transforms/bounded-concurrency';
import { describeSyntactic } from './syntactic';

describeSyntactic(transform);
