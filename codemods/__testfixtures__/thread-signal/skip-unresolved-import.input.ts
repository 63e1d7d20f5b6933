// skips: unresolved-import
import { request } from './not-installed';
import './side-effect-only';

export async function load(url: string) {
  return request(url);
}
