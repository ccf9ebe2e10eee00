import { create } from 'zustand';
import type { ChannelReply } from '../../../electron/shared/contract';
import type { PromptTemplate } from '../../../electron/shared/domain';
import type { AppError } from '../../../electron/shared/errors';
import { invoke } from '../ipc';

/** Mirrors main's saved prompts, by name. */
interface TemplatesState {
  templates: PromptTemplate[];
  loadError: AppError | null;
}

export const useTemplatesStore = create<TemplatesState>()(() => ({
  templates: [],
  loadError: null,
}));

function byName(templates: PromptTemplate[]): PromptTemplate[] {
  return [...templates].sort((a, b) => a.name.localeCompare(b.name));
}

export async function loadTemplates(): Promise<void> {
  const reply = await invoke('templates:list');
  if (reply.ok) useTemplatesStore.setState({ templates: byName(reply.value), loadError: null });
  else useTemplatesStore.setState({ loadError: reply.error });
}

export async function saveTemplate(name: string, text: string): Promise<ChannelReply<'templates:save'>> {
  const reply = await invoke('templates:save', { name, text });
  if (reply.ok) {
    const saved = reply.value;
    useTemplatesStore.setState((state) => ({
      templates: byName([...state.templates.filter((template) => template.id !== saved.id), saved]),
    }));
  }
  return reply;
}

export async function deleteTemplate(id: string): Promise<ChannelReply<'templates:delete'>> {
  const reply = await invoke('templates:delete', { id });
  if (reply.ok) useTemplatesStore.setState({ templates: byName(reply.value) });
  return reply;
}
