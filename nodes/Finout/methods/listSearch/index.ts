export { searchViews } from './views';
export { searchScans } from './scans';
