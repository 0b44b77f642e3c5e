import type { ReactNode } from 'react';

/** A highlighted message marked "!"; errors are announced to screen readers as alerts. */
export function Callout({
  kind,
  testId,
  children,
}: {
  kind: 'warn' | 'error';
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={`callout ${kind}`}
      role={kind === 'error' ? 'alert' : undefined}
      data-testid={testId}
    >
      <span className="callout-icon" aria-hidden>
        !
      </span>
      {children}
    </div>
  );
}

/** A stack of warning callouts, or nothing when there are none. */
export function WarningCallouts({
  warnings,
  testId,
}: {
  warnings: readonly string[];
  testId: string;
}) {
  if (warnings.length === 0) return null;
  return (
    <div className="callouts" data-testid={testId}>
      {warnings.map((w) => (
        <Callout key={w} kind="warn">
          {w}
        </Callout>
      ))}
    </div>
  );
}
