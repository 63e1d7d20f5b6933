import { transform } from '../../codemods/transforms/listener-signal';
import { describeSyntactic } from './syntactic';

describeSyntactic(transform);
