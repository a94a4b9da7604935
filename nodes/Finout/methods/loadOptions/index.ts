export { getCostCenters, getKeys } from './queryLanguage';
