export { searchViews } from './views';
