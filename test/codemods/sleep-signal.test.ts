import { transform } from '../../codemods/transforms/sleep-signal';
import { describeSyntactic } from './syntactic';

describeSyntactic(transform);
