import { useMemo } from 'react';
import { useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { lineageTree, type LineageNode } from './lineage';

/** Where the selected image came from: a small family tree (seed, blend, breeding, projection…). */
export function LineagePanel() {
  const key = useStudioState((s) => s.doc.selection.at(-1) ?? null);
  const images = useStudioState((s) => s.doc.images);
  const directions = useStudioState((s) => s.doc.directions);
  const tree = useMemo(() => {
    if (!key) return null;
    const name = (id: string) => directions.find((d) => d.id === id)?.name ?? 'direction';
    return lineageTree(images, key, name);
  }, [key, images, directions]);
  return (
    <section className="panel lineage" aria-label="Lineage" data-testid="lineage">
      <div className="panel-head">
        <h2>Lineage</h2>
      </div>
      <div className="lineage-body">
        {tree ? (
          <ul className="lineage-tree">
            <LineageItem node={tree} />
          </ul>
        ) : (
          <div className="muted">Select an image to see where it came from.</div>
        )}
      </div>
    </section>
  );
}

function LineageItem({ node }: { node: LineageNode }) {
  const frame = useStudioState((s) => s.frames[node.key]);
  return (
    <li data-testid="lineage-node">
      <div className="lineage-row">
        <FrameCanvas frame={frame} className="lineage-thumb" label={node.label} />
        <span>
          <b>{node.label}</b> <span className="muted">{node.how}</span>
        </span>
      </div>
      {node.parents.length > 0 && (
        <ul>
          {node.parents.map((p) => (
            <LineageItem key={p.key} node={p} />
          ))}
        </ul>
      )}
    </li>
  );
}
