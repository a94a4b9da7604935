export { searchViews } from './views';
export { searchScans } from './scans';
export { searchVirtualTags } from './virtualTags';
export { searchRecentQueries } from './queries';
export { searchCostCenters, searchKeys } from './keys';
