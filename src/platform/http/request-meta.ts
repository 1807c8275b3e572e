/** Where a request came from, for sessions and the audit log. */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}

/** The caller's address and user agent, as sessions and the audit log record them. */
export const requestMeta = (request: {
  ip: string;
  headers: Record<string, unknown>;
}): RequestMeta => ({
  ip: request.ip,
  userAgent:
    typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
});
