import { useEffect } from 'react';
import { useActions } from '../../app/StudioContext';
import { ContinuationCards } from './ContinuationCards';
import { PromptPanel } from './PromptPanel';
import { TextEvaluationPanel } from './TextEvaluationPanel';
import './text.css';

/** Text: a model and a prompt → continuations streamed side by side → BLEU and bits/char. */
export function TextScreen() {
  const actions = useActions();
  useEffect(() => {
    void actions.loadTextModels();
  }, [actions]);
  return (
    <main className="workspace text-workspace" data-testid="screen-text">
      <PromptPanel />
      <section className="panel text-continuations" aria-label="Continuations">
        <ContinuationCards />
      </section>
      <TextEvaluationPanel />
    </main>
  );
}
