import type { ModelInfo, ModelProperties } from '../../contract/channels';
import { providerWords, type ProviderChoice } from '../../engine/models/inference-provider';
import { openCliContext } from '../cli-context';
import { printResult } from '../output';
import { describeDiffusion } from './sampling-args';

export function describeProps(p: ModelProperties): string {
  const colour = p.channels === 3 ? 'RGB' : 'grayscale';
  const batch = p.batch === 'dynamic' ? 'dynamic batch' : `fixed batch ${p.batch}`;
  const lines = [
    `${p.width}×${p.height} ${colour}, ${p.layout} output, range [${p.range.join(', ')}] (from ${p.rangeSource})`,
    `latent ${p.latentDim} (input shape [${p.latentShape.join(', ')}]), ${batch}`,
  ];
  return [...lines, ...p.warnings.map((w) => `warning: ${w}`)].join('\n');
}

function describeModel(m: ModelInfo): string {
  if (m.problem) return `${m.id}  ${m.name} (${m.source}) — cannot be used: ${m.problem}`;
  const props = [describeProps(m.props), ...(m.diffusion ? [describeDiffusion(m.diffusion)] : [])];
  return `${m.id}  ${m.name} (${m.source}, ${m.kind})\n  ${props.join('\n').replace(/\n/g, '\n  ')}\n  sha256 ${m.sha256}\n  ${m.note}`;
}

export async function inspectCommand(
  path: string,
  json: boolean,
  provider?: ProviderChoice,
): Promise<void> {
  const ctx = await openCliContext('cli', provider);
  const res = await ctx.call('models.inspect', { path });
  const { kind, props, runtime, diffusion } = res;
  // Everything detected except the runtime format, which inspect's JSON does not list.
  const { format: _format, ...detected } = props;
  const where = res.provider ? { provider: res.provider } : {};
  const text = (lines: string[]) =>
    [...lines, `runtime ${runtime}`, ...(res.provider ? [providerWords(res.provider)] : [])].join(
      '\n',
    );
  if (kind === 'diffusion' && diffusion) {
    const result = { kind, ...detected, runtime, ...where, diffusion };
    printResult(json, result, () => text([describeProps(props), describeDiffusion(diffusion)]));
    return;
  }
  printResult(json, { kind, ...detected, runtime, ...where }, () => text([describeProps(props)]));
}

export async function importCommand(
  path: string,
  name: string | undefined,
  json: boolean,
): Promise<void> {
  const ctx = await openCliContext();
  const { model } = await ctx.call('models.import', { path, name });
  printResult(json, model, () => `Imported ${describeModel(model)}`);
}

export async function modelsCommand(json: boolean): Promise<void> {
  const ctx = await openCliContext();
  const { models } = await ctx.call('models.list', {});
  printResult(json, { models }, () =>
    models.length ? models.map(describeModel).join('\n\n') : 'No models.',
  );
}
