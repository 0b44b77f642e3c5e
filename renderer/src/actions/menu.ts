import type { EventPayload } from '../../../main/contract/channels';
import { toast, reportError, type ActionContext } from './context';
import { exportSelected } from './exporting';
import { selectModel } from './sampling';

/** Desktop menu items (Electron) arrive as 'menu.command' events; each maps to a UI action. */
export function watchMenu(ctx: ActionContext): () => void {
  return ctx.api.on('menu.command', (command) => void runMenuCommand(ctx, command));
}

export async function runMenuCommand(
  ctx: ActionContext,
  command: EventPayload<'menu.command'>,
): Promise<void> {
  switch (command.id) {
    case 'file.openPng':
      document.getElementById('open-png-input')?.click();
      return;
    case 'file.export':
      await exportSelected(ctx);
      return;
    case 'file.modelImported': {
      try {
        const { models } = await ctx.api.invoke('models.list', {});
        ctx.store.set({ models });
        const model = models.find((m) => m.id === command.modelId);
        if (model) {
          toast(ctx, 'success', `Imported the model "${model.name}".`);
          await selectModel(ctx, model.id);
        }
      } catch (err) {
        reportError(ctx, err, 'Refreshing the model list');
      }
      return;
    }
    case 'help.about': {
      const info = ctx.store.get().info;
      toast(
        ctx,
        'info',
        info
          ? `Latent Studio ${info.appVersion} · ONNX ${info.runtimes.onnx} · TF.js ${info.runtimes.tfjs} · data in ${info.dataDir}`
          : 'Latent Studio',
        8000,
      );
      return;
    }
    default:
      return;
  }
}
