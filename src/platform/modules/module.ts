import type { App } from '../http/types.js';

/**
 * What a module's manifest (`<name>.module.ts`) hands the composition root
 * (`src/app.ts`). Creating a module builds its context and registers its
 * subscribers and jobs on the platform; `routes` adds its HTTP surface.
 * Other modules receive `api` only, as a dependency of their own manifest.
 */
export interface Module<Api extends object = object, Context = unknown> {
  readonly name: string;
  /** The use cases and read models other modules and adapters may call. */
  readonly api: Api;
  /**
   * The module's own context. The composition root keeps it for the module's
   * tests and the benchmarks; no other module ever receives it.
   */
  readonly context: Context;
  /** Registers routes and HTTP hooks. */
  routes?(app: App): Promise<void>;
  /** Runs when the app is ready (listeners, timers). */
  start?(): Promise<void>;
  /** Runs when the app closes, in reverse order of creation. */
  stop?(): Promise<void>;
}

/** A use case's type without its leading context argument: how other modules call it. */
export type WithoutContext<F> = F extends (first: never, ...rest: infer R) => infer T
  ? (...rest: R) => T
  : never;

/** Binds a use case's leading context argument, for a module's API object. */
export const withContext =
  <C, A extends unknown[], T>(ctx: C, use: (ctx: C, ...args: A) => T) =>
  (...args: A): T =>
    use(ctx, ...args);
