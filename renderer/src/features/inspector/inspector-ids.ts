/** The inspector's id, for the toggle button that shows and hides it (aria-controls). */
export const INSPECTOR_ID = 'inspector';
