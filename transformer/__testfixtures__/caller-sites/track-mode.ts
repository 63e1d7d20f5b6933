// fixture-config: {"mode":"track"}
// Naming the caller changes no behaviour, so track mode passes the site too.
import { withTimeout } from 'leash';

export const load = (url: string): Promise<Response> => withTimeout(500, (scope) => fetch(url, { signal: scope.signal }));
