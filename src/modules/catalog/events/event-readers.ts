/** Who read an event: the signed-in user, else the client's address and user agent. */
export interface EventViewer {
  userId?: string;
  ip: string;
  userAgent?: string;
}

/** Fields another module adds to an event for one signed-in reader (favourites). */
export type EventAnnotations = ReadonlyMap<number, object>;

/**
 * What another module may attach to the catalogue's public event reads
 * (`GET /v1/events/:id` and `GET /v1/events`), wired by the composition root:
 * the catalogue never imports its readers. Both members are optional.
 */
export interface EventReader {
  /** Told of every answered read of one event (a 200, or a signed-in reader's 304). */
  recordView?(eventId: number, viewer: EventViewer): void;
  /** Personal fields merged into each event of a signed-in reader's answer. */
  annotateEvents?(userId: string, eventIds: number[]): Promise<EventAnnotations>;
}

/** The readers wired into the catalogue; with none, reads are the shared cached answers. */
export class EventReaders {
  private readonly readers: EventReader[] = [];

  add(reader: EventReader): void {
    this.readers.push(reader);
  }

  /** True when a signed-in reader's answer gains personal fields (and a personal ETag). */
  get annotates(): boolean {
    return this.readers.some((r) => r.annotateEvents);
  }

  recordView(eventId: number, viewer: EventViewer): void {
    for (const reader of this.readers) reader.recordView?.(eventId, viewer);
  }

  /**
   * Adds the readers' fields to a serialized `{success, data}` body whose data
   * is one event or a list of them; `marker` names the personal state, for the
   * personal part of the ETag.
   */
  async annotate(userId: string, text: string): Promise<{ body: string; marker: string }> {
    const body = JSON.parse(text) as { data: Array<{ id: number }> | { id: number } };
    const items = Array.isArray(body.data) ? body.data : [body.data];
    const ids = items.map((e) => e.id);
    const fields = new Map<number, object>();
    for (const reader of this.readers) {
      if (!reader.annotateEvents) continue;
      for (const [id, values] of await reader.annotateEvents(userId, ids))
        fields.set(id, { ...fields.get(id), ...values });
    }
    const annotated = items.map((e) => ({ ...e, ...fields.get(e.id) }));
    const marker = ids.map((id) => Object.values(fields.get(id) ?? {}).join(':')).join('.');
    const data = Array.isArray(body.data) ? annotated : annotated[0];
    return { body: JSON.stringify({ ...body, data }), marker };
  }
}

/** The viewer of a request. */
export const viewerOf = (request: {
  principal?: { userId: string } | null;
  ip: string;
  headers: { 'user-agent'?: string };
}): EventViewer => ({
  userId: request.principal?.userId,
  ip: request.ip,
  userAgent: request.headers['user-agent'],
});
