import { StudioError, type Handlers } from '../../contract/channels';
import type { StudioContext } from './studio-context';

type MediaChannel =
  | 'export.video'
  | 'export.spriteSheet'
  | 'export.batch'
  | 'directions.pca'
  | 'image.encode'
  | 'image.project';

// WORK IN PROGRESS (branch media): the contract of these channels is final; their engine side lands
// in the next commits. Until then they answer in words instead of pretending.
export function mediaHandlers(_ctx: StudioContext): Pick<Handlers, MediaChannel> {
  const later = async (): Promise<never> => {
    throw new StudioError('BAD_REQUEST', 'This tool is still being built on the media branch.');
  };
  return {
    'export.video': later,
    'export.spriteSheet': later,
    'export.batch': later,
    'directions.pca': later,
    'image.encode': later,
    'image.project': later,
  };
}
