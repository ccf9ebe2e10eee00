/** The sidebar's id, for the toggle button that shows and hides it (aria-controls). */
export const SIDEBAR_ID = 'library-places';
