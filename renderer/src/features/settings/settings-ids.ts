/** The Settings button, which focus returns to when nothing else opened the dialog. */
export const SETTINGS_TOGGLE_ID = 'settings-toggle';
