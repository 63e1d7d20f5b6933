export { loadUser, loadUsers, type User } from './users';
export { renderReports } from './reports';
export { waitUntil } from './poll';
export { withDeadline } from './timeout';
export { countMessages, loadWatching } from './events';
export { counter, resetCounter } from './counter';
