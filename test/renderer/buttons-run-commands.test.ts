import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Buttons run user commands by id (actions.run / useCommand), so keys, the palette, the buttons
 * and the desktop menu do the same thing with the same enabled rule (issue 13, item 13). These
 * actions are called directly on purpose: each acts on one row, frame, toast or dialog field the
 * button belongs to, which no key or menu item can name.
 */
const DIRECT: Record<string, string> = {
  cancelJob: 'cancels the job whose progress bar the button sits on',
  pickFolder: 'fills a dialog field with a chosen folder',
  moveKeyframe: 'moves the keyframe of its row',
  removeKeyframe: 'removes the keyframe of its row',
  locateModel: "answers the missing-model dialog with that dialog's choice",
  dismiss: 'closes its own toast',
  dismissPendingProject: 'closes the missing-model dialog',
  showEvalReport: 'opens the report of its history row',
  loadEvalHistory: 'loads the history of its model/folder row',
  setView: 'switches a tool tab (view state, not a user command)',
  setTrainFolder: 'picks the recent folder of its row',
  setStripIndex: 'shows the frame of its strip cell',
  selectRun: 'shows the run of its row',
  saveDirection: 'saves the direction of its row under the typed name',
  removeDirection: 'removes the direction of its row',
  resetDirections: 'resets the sliders of the directions panel',
  openProject: 'opens the recent project of its menu row',
  loadRecentProjects: 'fills the project menu as it opens',
  deselect: 'removes one item from the selection bar',
  clearTarget: 'clears the image of the image-to-latent panel',
  // The PyTorch-job panel (opened by the train-export-job command): its own field, Export and Close.
  chooseJobFolder: "fills the job panel's folder field",
  exportJob: "exports with the job panel's own settings",
  closeJobExport: 'closes the job panel',
  attributeVector: "computes a direction from the panel's own A/B sets and name",
};

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tsxFiles(join(dir, e.name))
      : e.name.endsWith('.tsx')
        ? [join(dir, e.name)]
        : [],
  );
}

/** The text of every onClick={…} handler (braces balanced). */
function clickHandlers(source: string): string[] {
  const found: string[] = [];
  let at = source.indexOf('onClick={');
  while (at >= 0) {
    let depth = 0;
    let end = at + 'onClick='.length;
    for (; end < source.length; end++) {
      if (source[end] === '{') depth++;
      else if (source[end] === '}' && --depth === 0) break;
    }
    found.push(source.slice(at, end + 1));
    at = source.indexOf('onClick={', end);
  }
  return found;
}

describe('buttons run registered commands', () => {
  it('no button calls an action directly unless it acts on its own row, toast or dialog', () => {
    const root = join(import.meta.dirname, '..', '..', 'renderer', 'src');
    const direct = new Map<string, string[]>();
    for (const file of tsxFiles(root))
      for (const handler of clickHandlers(readFileSync(file, 'utf8')))
        for (const [, name] of handler.matchAll(/actions\.(\w+)/g))
          if (name !== 'run')
            direct.set(name!, [...(direct.get(name!) ?? []), relative(root, file)]);
    const unexplained = [...direct].filter(([name]) => !(name in DIRECT));
    expect(unexplained, 'make these registered commands (run by id), or say why here').toEqual([]);
    // The list stays true: an entry no button uses any more is removed.
    expect(Object.keys(DIRECT).filter((name) => !direct.has(name))).toEqual([]);
  });
});
