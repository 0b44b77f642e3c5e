import { useCommand, useStudioState } from '../../app/StudioContext';
import type { Continuation } from '../../store/text';

/** The continuations side by side, newest last; each streams in as its tokens arrive. */
export function ContinuationCards() {
  const list = useStudioState((s) => s.text.continuations);
  const exporting = useCommand('text-export');
  const clear = useCommand('text-clear');
  const favourites = list.filter((c) => c.favourite).length;
  return (
    <>
      <div className="panel-head">
        <h2>Continuations</h2>
        <span className="muted">{favourites > 0 ? `${favourites} ★` : ''}</span>
        <div className="controls">
          <button
            className="button ghost"
            data-testid="text-export"
            disabled={!exporting.enabled}
            title="Save as a .txt (the favourites, when there are any)"
            onClick={() => exporting.run()}
          >
            Export .txt
          </button>
          <button
            className="button ghost"
            data-testid="text-clear"
            disabled={!clear.enabled}
            onClick={() => clear.run()}
          >
            Clear
          </button>
        </div>
      </div>
      <div className="panel-body continuation-cards" data-testid="text-continuations">
        {list.length === 0 ? (
          <div className="empty">
            Type a prompt and press Generate: each continuation appears here, character by
            character, beside the others.
          </div>
        ) : (
          list.map((c, i) => <Card key={c.id} c={c} index={i} />)
        )}
      </div>
    </>
  );
}

function Card({ c, index }: { c: Continuation; index: number }) {
  const favourite = useCommand('text-favourite');
  const s = c.settings;
  return (
    <article
      className={`continuation ${c.status}`}
      data-testid="text-continuation"
      data-status={c.status}
      data-favourite={c.favourite}
    >
      <header>
        <span>
          #{index + 1} · seed {s.seed}
        </span>
        <span className="muted">
          T {s.temperature} · k {s.topK} · p {s.topP}
        </span>
        <button
          className={`star ${c.favourite ? 'on' : ''}`}
          data-testid="text-favourite"
          aria-pressed={c.favourite}
          title={c.favourite ? 'Unfavourite' : 'Favourite (kept by Clear, exported first)'}
          onClick={() => favourite.run({ id: c.id })}
        >
          {c.favourite ? '★' : '☆'}
        </button>
      </header>
      <p className="continuation-text">
        <span className="prompt-part">{c.prompt}</span>
        <span className="generated-part" data-testid="text-generated">
          {c.text}
        </span>
        {c.status === 'streaming' && <span className="caret" aria-hidden />}
      </p>
      <footer className="muted">
        {c.status === 'streaming'
          ? `${c.text.length} / ${s.maxTokens} characters…`
          : c.status === 'done'
            ? `${c.text.length} characters`
            : (c.message ?? c.status)}
      </footer>
    </article>
  );
}
