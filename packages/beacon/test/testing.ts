// For other packages' real-client tests (e.g. the API's signed-URL test): the library bundled for a page, and the page.
export { bundleBeacon } from './bundle';
export { playerPage, type TPlayerPageOptions } from './player-page';
