import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Tokens minted for each page the server sends, so the page's socket is authorised by what only
 * that page could read, not by the cookie every local origin's requests carry. The newest
 * `capacity` tokens are kept (a page reloaded a thousand times keeps working on its latest one).
 */
export class PageTokens {
  private readonly tokens: string[] = [];

  constructor(private readonly capacity = 256) {}

  mint(): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.push(token);
    if (this.tokens.length > this.capacity) this.tokens.shift();
    return token;
  }

  valid(candidate: string | null): boolean {
    if (!candidate) return false;
    const given = Buffer.from(candidate);
    return this.tokens.some((t) => {
      const known = Buffer.from(t);
      return known.length === given.length && timingSafeEqual(known, given);
    });
  }
}
