import { StudioError } from '../../../../main/contract/channels';
import { cancelJob, reportError, runJob, toast, type ActionContext } from '../../app/context';
import type { Continuation, TextSettings, TextState } from '../../store/text';

/** Shallow-merges into the Text screen's slice of the store. */
export function setText(
  ctx: ActionContext,
  patch: Partial<TextState> | ((t: TextState) => Partial<TextState>),
): void {
  ctx.store.setState((s) => ({
    text: { ...s.text, ...(typeof patch === 'function' ? patch(s.text) : patch) },
  }));
}

const textOf = (ctx: ActionContext) => ctx.store.getState().text;

function patchContinuation(
  ctx: ActionContext,
  id: string,
  patch: (c: Continuation) => Partial<Continuation>,
) {
  setText(ctx, (t) => ({
    continuations: t.continuations.map((c) => (c.id === id ? { ...c, ...patch(c) } : c)),
  }));
}

/** text.models; keeps the chosen model if it is still there, else `select`, else the first. */
export async function loadTextModels(ctx: ActionContext, select?: string): Promise<void> {
  try {
    const { models } = await ctx.api.invoke('text.models', {});
    setText(ctx, (t) => {
      const want = select ?? t.modelId;
      const modelId = models.some((m) => m.id === want) ? want : (models[0]?.id ?? '');
      return { models, modelId };
    });
  } catch (err) {
    reportError(ctx, err, 'Listing the text models');
  }
}

export function setSettings(ctx: ActionContext, patch: Partial<TextSettings>): void {
  setText(ctx, (t) => ({ settings: { ...t.settings, ...patch } }));
}

export function streaming(t: TextState): boolean {
  return t.continuations.some((c) => c.status === 'streaming');
}

let nextContinuation = 1;

/**
 * Generates `count` continuations of the prompt in turn (seeds seed, seed+1, …), each streamed
 * into its own card as `text.token` events arrive; the engine's answer is the final text. The
 * seed field then moves past them, so the next Generate gives new continuations.
 */
export async function generate(ctx: ActionContext, count = 1): Promise<void> {
  const t = textOf(ctx);
  const model = t.models.find((m) => m.id === t.modelId);
  if (!model || streaming(t)) return;
  const { prompt, settings } = t;
  setSettings(ctx, { seed: (settings.seed + count) % 0x1_0000_0000 });
  for (let i = 0; i < count; i++) {
    const used = { ...settings, seed: (settings.seed + i) % 0x1_0000_0000 };
    const id = `c${nextContinuation++}`;
    const card: Continuation = {
      id,
      modelId: model.id,
      modelName: model.name,
      prompt,
      text: '',
      status: 'streaming',
      message: null,
      jobId: null,
      settings: used,
      favourite: false,
    };
    setText(ctx, (s) => ({ continuations: [...s.continuations, card] }));
    let failure: unknown = null;
    let off = () => {};
    const res = await runJob(ctx, 'Generating text', async (jobId) => {
      patchContinuation(ctx, id, () => ({ jobId: jobId ?? null }));
      off = ctx.api.on('text.token', (e) => {
        if (e.jobId === jobId) patchContinuation(ctx, id, (c) => ({ text: c.text + e.text }));
      });
      try {
        return await ctx.api.invoke('text.generate', {
          modelId: model.id,
          prompt,
          settings: used,
          jobId,
        });
      } catch (err) {
        failure = err;
        throw err;
      }
    });
    off();
    if (res) {
      patchContinuation(ctx, id, () => ({ text: res.text, status: 'done', jobId: null }));
      continue;
    }
    const cancelled = failure instanceof StudioError && failure.code === 'CANCELLED';
    patchContinuation(ctx, id, () => ({
      status: cancelled ? 'cancelled' : 'failed',
      message: cancelled ? 'Cancelled' : failure instanceof Error ? failure.message : 'Failed',
      jobId: null,
    }));
    return; // a cancel or a failure stops the rest of the batch too
  }
}

/** Stops the continuation being streamed (between tokens); what came so far stays. */
export async function cancelGeneration(ctx: ActionContext): Promise<void> {
  const running = textOf(ctx).continuations.find((c) => c.status === 'streaming');
  if (running?.jobId) await cancelJob(ctx, running.jobId);
}

export function toggleFavourite(ctx: ActionContext, id: string): void {
  patchContinuation(ctx, id, (c) => ({ favourite: !c.favourite }));
}

/** Removes every continuation that is not a favourite and not being streamed. */
export function clearContinuations(ctx: ActionContext): void {
  setText(ctx, (t) => ({
    continuations: t.continuations.filter((c) => c.favourite || c.status === 'streaming'),
  }));
}

/** The continuations as a plain-text file: a header line with the exact settings, then the text. */
export function continuationsText(list: readonly Continuation[]): string {
  return list
    .map((c, i) => {
      const s = c.settings;
      const head = [
        `### ${i + 1}${c.favourite ? ' ★' : ''} · ${c.modelName}`,
        `seed ${s.seed}`,
        `temperature ${s.temperature}`,
        `top-k ${s.topK}`,
        `top-p ${s.topP}`,
        `max tokens ${s.maxTokens}`,
        ...(c.status === 'done' ? [] : [c.status]),
      ].join(' · ');
      return `${head}\n${c.prompt}${c.text}\n`;
    })
    .join('\n');
}

/**
 * Saves the continuations (the favourites when there are any) as a .txt. Every shell saves it
 * as a download: the browser's downloads, and Electron's own save dialog for downloads (the
 * contract has no save-file dialog channel).
 */
export function exportContinuations(ctx: ActionContext): void {
  const all = textOf(ctx).continuations.filter((c) => c.status !== 'streaming');
  const favourites = all.filter((c) => c.favourite);
  const list = favourites.length > 0 ? favourites : all;
  if (list.length === 0) return;
  const blob = new Blob([continuationsText(list)], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `continuations-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.txt`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  toast(
    ctx,
    'success',
    `Exported ${list.length} ${favourites.length > 0 ? 'favourite ' : ''}continuation${list.length === 1 ? '' : 's'} as text.`,
  );
}
