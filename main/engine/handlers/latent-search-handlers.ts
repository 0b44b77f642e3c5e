import { StudioError, type Handlers } from '../../contract/channels';
import type { StudioContext } from './studio-context';

type SearchChannel = 'directions.pca' | 'image.encode' | 'image.project';

// WORK IN PROGRESS (branch media): the contract is final; the engine side lands in the next commits.
export function latentSearchHandlers(_ctx: StudioContext): Pick<Handlers, SearchChannel> {
  const later = async (): Promise<never> => {
    throw new StudioError('BAD_REQUEST', 'This tool is still being built on the media branch.');
  };
  return { 'directions.pca': later, 'image.encode': later, 'image.project': later };
}
