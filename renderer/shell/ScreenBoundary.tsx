import { Component, type ReactNode } from 'react';
import { toApiError } from '../api/api-error.ts';
import { ScreenError } from './QueryState.tsx';

interface State {
  error: Error | undefined;
}

/** Contains a screen that failed to render: shows its message (never a stack) and a retry. */
export class ScreenBoundary extends Component<{ children: ReactNode; screen: string }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(prev: { screen: string }) {
    if (prev.screen !== this.props.screen && this.state.error) this.setState({ error: undefined });
  }

  override render() {
    if (this.state.error) {
      return <ScreenError error={toApiError(this.state.error)} what="this screen" onRetry={() => this.setState({ error: undefined })} />;
    }
    return this.props.children;
  }
}
