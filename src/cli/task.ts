/** The batch worker's task module (dist/cli/task.js): one delivery per call. */
export { inspectDelivery } from './inspect.js';
