import { register } from '../../commands/registry';

const group = 'Project';

register({
  id: 'project-new',
  group,
  label: 'New project',
  shortcut: 'Mod+N',
  global: true,
  keywords: 'start fresh empty',
  perform: ({ actions }) => actions.newProject(),
  enabled: ({ state }) => state.doc.modelId !== null,
});

register({
  id: 'project-open',
  group,
  label: 'Open project…',
  shortcut: 'Mod+Shift+O',
  global: true,
  keywords: 'load recent lsproj',
  perform: ({ actions }) => actions.showProjectDialog('open'),
  enabled: () => true,
});

register({
  id: 'project-save',
  group,
  label: 'Save project',
  shortcut: 'Mod+S',
  global: true,
  keywords: 'write keep disk',
  perform: ({ actions, state }) =>
    state.project.untitled ? actions.showProjectDialog('save-as') : void actions.saveProject(),
  enabled: ({ state }) => state.project.id !== null,
});

register({
  id: 'project-save-as',
  group,
  label: 'Save project as…',
  shortcut: 'Mod+Shift+S',
  global: true,
  keywords: 'name copy folder',
  perform: ({ actions }) => actions.showProjectDialog('save-as'),
  enabled: ({ state }) => state.project.id !== null,
});
