import { z } from 'zod';

/**
 * Every user command of the renderer, by id. The renderer registers one command per id (label,
 * shortcut, enabled, perform) and runs it by id from keys, the palette, buttons and the desktop
 * menu; the Electron menu sends these ids as 'menu.command' events. One list, so a menu item
 * cannot name a command that does not exist.
 */
export const commandIds = [
  // Explore: sampling, selection, canvas
  'sample',
  'reroll',
  'select-all',
  'clear-selection',
  'place-selected',
  'clear-canvas',
  'keep-preview',
  'toggle-favourite',
  'show-grid',
  'show-kept',
  'show-favourites',
  'view-large',
  // Strip
  'interpolate',
  'export-frames',
  'export-gif',
  'export-apng',
  // Keyframe paths and video
  'add-keyframes',
  'add-anchor-keyframes',
  'add-blend-keyframe',
  'clear-path',
  'play-path',
  'export-video',
  'export-sprite-sheet',
  // Directions, arithmetic, image to latent, breeding
  'compute-directions',
  'keep-moved',
  'latent-arithmetic',
  'open-image',
  'encode-image',
  'project-image',
  'breed',
  'keep-children',
  // Diffusion models
  'denoise-live',
  // PixelCNN models: live pixel-by-pixel sampling and completion
  'pixelcnn-sample-live',
  'pixelcnn-cancel',
  // Export
  'export-selected',
  'open-png',
  // History and projects
  'undo',
  'redo',
  'project-new',
  'project-open',
  'project-save',
  'project-save-as',
  // Screens and the app
  'screen-explore',
  'screen-train',
  'screen-evaluate',
  'screen-text',
  'command-palette',
  'shortcuts',
  'about',
  'models-refresh',
  // Train and Evaluate
  'train-scan',
  'train-browse-folder',
  'train-start',
  'train-pause',
  'train-resume',
  'train-stop',
  'train-open-model',
  'train-export-job',
  'train-refresh-runs',
  'train-show-record',
  'train-close-record',
  'eval-run',
  'eval-cancel',
  'eval-export-html',
  'eval-export-png',
  // Text
  'text-refresh-models',
  'text-generate',
  'text-cancel',
  'text-favourite',
  'text-clear',
  'text-export',
  'text-evaluate',
  'text-evaluate-cancel',
] as const;

export type CommandId = (typeof commandIds)[number];

export const commandIdSchema = z.enum(commandIds);

/**
 * A desktop menu item chosen (Electron only): the command to run, and for 'models-refresh' the
 * model the menu just imported (so the UI selects it).
 */
export const menuCommandSchema = z.object({
  id: commandIdSchema,
  modelId: z.string().optional(),
});
export type MenuCommand = z.infer<typeof menuCommandSchema>;
