import { transform } from '../../codemods/transforms/race-timeout';
import { describeSyntactic } from './syntactic';

describeSyntactic(transform);
