// Runs in the preview's page, as plain script text (tests/e2e/harness/page-script.ts), where the
// Electron app shows a system file dialog. It is not part of the renderer bundle: the preview
// injects it when main asks for a path. Built with DOM calls and `element.style` only, because the
// page runs under the app's strict CSP (no inline scripts or style attributes from markup). It
// borrows the app's own stylesheet classes (button, field, text-input) so it looks like Reverie.
/* global document */

/**
 * Shows a modal dialog with one labelled path field and resolves to what was typed, or null when
 * the user cancels (Cancel, Escape, or the dialog going away).
 * @param {{ title: string, label: string, value: string, hint: string, confirm: string, error: string | null }} request
 * @returns {Promise<string | null>}
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- called by the text pageScript() wraps around this file
function askForPath(request) {
  'use strict';
  return new Promise((resolve) => {
    const id = `reverie-path-prompt-${Math.random().toString(36).slice(2)}`;
    const element = (tag, properties, style) => {
      const node = Object.assign(document.createElement(tag), properties);
      Object.assign(node.style, style);
      return node;
    };

    const dialog = element(
      'dialog',
      {},
      {
        width: 'min(560px, calc(100vw - 32px))',
        padding: '20px',
        color: 'var(--text, #e7e7ea)',
        background: 'var(--bg, #141517)',
        border: '1px solid var(--border-strong, #46484f)',
        borderRadius: 'var(--radius, 10px)',
        boxShadow: '0 12px 40px rgb(0 0 0 / 0.6)',
        // A modal Radix dialog (Settings) sets pointer-events: none on <body> while open; this
        // stand-in for a system dialog is in <body> too, and must stay clickable.
        pointerEvents: 'auto',
      },
    );
    dialog.setAttribute('aria-labelledby', `${id}-title`);
    dialog.setAttribute('aria-describedby', `${id}-hint`);
    dialog.dataset.reveriePathPrompt = '';

    const title = element('h2', { id: `${id}-title`, textContent: request.title }, { margin: '0 0 14px', fontSize: '16px', fontWeight: '600' });
    const field = element('div', { className: 'field' }, {});
    const label = element('label', { className: 'field-label', htmlFor: `${id}-input`, textContent: request.label }, {});
    const input = element(
      'input',
      { id: `${id}-input`, className: 'text-input', type: 'text', value: request.value, spellcheck: false, autocomplete: 'off' },
      { width: '100%', boxSizing: 'border-box', fontFamily: 'var(--mono, monospace)' },
    );
    const hint = element('p', { id: `${id}-hint`, className: 'field-note', textContent: request.hint }, { margin: '0' });
    field.append(label, input, hint);
    if (request.error) {
      const error = element('p', { id: `${id}-error`, textContent: request.error }, { margin: '0', color: 'var(--danger, #ff8a80)', fontSize: '13px' });
      error.setAttribute('role', 'alert');
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', `${id}-error ${id}-hint`);
      field.append(error);
    }

    const buttons = element('div', { className: 'button-row' }, { marginTop: '16px', justifyContent: 'flex-end' });
    const cancel = element('button', { type: 'button', className: 'button', textContent: 'Cancel' }, {});
    const confirm = element('button', { type: 'button', className: 'button button-primary', textContent: request.confirm }, {});
    buttons.append(cancel, confirm);
    dialog.append(title, field, buttons);

    let settled = false;
    const finish = (answer) => {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(answer);
    };
    confirm.addEventListener('click', () => finish(input.value));
    cancel.addEventListener('click', () => finish(null));
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      finish(input.value);
    });
    // Escape closes a modal dialog with a `cancel` event; anything else that closes it also cancels.
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(null);
    });
    dialog.addEventListener('close', () => finish(null));

    document.body.append(dialog);
    dialog.showModal();
    input.focus();
    // Like a save dialog: the name is selected, ready to be typed over; otherwise the cursor goes to the end.
    const slash = Math.max(request.value.lastIndexOf('/'), request.value.lastIndexOf('\\'));
    input.setSelectionRange(slash + 1 < request.value.length ? slash + 1 : request.value.length, request.value.length);
  });
}
