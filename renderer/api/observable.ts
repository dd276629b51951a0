/** A value that changes over time, readable with React's useSyncExternalStore. */
export interface Observable<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

/** A settable Observable; listeners run only when the value actually changes. */
export class Value<T> implements Observable<T> {
  #value: T;
  readonly #listeners = new Set<() => void>();

  constructor(initial: T) {
    this.#value = initial;
  }

  get = (): T => this.#value;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  set(next: T): void {
    if (Object.is(next, this.#value)) return;
    this.#value = next;
    for (const listener of [...this.#listeners]) listener();
  }

  update(fn: (value: T) => T): void {
    this.set(fn(this.#value));
  }
}
