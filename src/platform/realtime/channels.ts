import { compilePattern, type ChannelMatcher } from './protocol.js';
import type { ChannelDefinition, ChannelParams } from './realtime.types.js';

/** A channel definition with its compiled pattern. */
export interface RegisteredChannel extends ChannelDefinition {
  readonly matcher: ChannelMatcher;
  readonly kind: 'stream' | 'state';
}

/** The channels modules defined, found by the name a client sends. */
export class ChannelRegistry {
  private readonly channels: RegisteredChannel[] = [];

  define(definition: ChannelDefinition): void {
    if (this.channels.some((c) => c.pattern === definition.pattern))
      throw new Error(`realtime channel ${definition.pattern} is defined twice`);
    this.channels.push({
      ...definition,
      kind: definition.kind ?? 'stream',
      matcher: compilePattern(definition.pattern),
    });
  }

  find(name: string): { channel: RegisteredChannel; params: ChannelParams } | null {
    for (const channel of this.channels) {
      const params = channel.matcher.match(name);
      if (params) return { channel, params };
    }
    return null;
  }

  /** The patterns, for the AsyncAPI document and tests. */
  patterns(): string[] {
    return this.channels.map((c) => c.pattern);
  }
}
