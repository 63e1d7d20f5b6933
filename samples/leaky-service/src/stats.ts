/** What the service counts about its own requests, for the admin port. */
export const counters = {
  /** Requests that ended with a 504 at their deadline. */
  timedOut: 0,
  /** Handlers that failed with something other than their request's cancellation. */
  failed: 0,
};
