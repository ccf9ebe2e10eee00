/** The toggle and the panel point at each other (aria-controls, focus return). */
export const SETTINGS_PANEL_ID = 'settings-panel';
export const SETTINGS_TOGGLE_ID = 'settings-toggle';
