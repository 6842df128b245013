import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ZDeviceTokenPairSchema } from '@keten/contracts';
import { z } from 'zod';

/** What a box keeps of its tokens across restarts, as a real box keeps them in flash. */
export const ZStoredTokensSchema = ZDeviceTokenPairSchema.extend({
  /** Epoch ms the access token expires. */
  expiresAt: z.number().int(),
});
export type TStoredTokens = z.infer<typeof ZStoredTokensSchema>;

const ZTokenFileSchema = z.object({
  version: z.literal(1),
  boxes: z.record(z.string(), ZStoredTokensSchema),
});

// Token changes within this long go to disk in one write.
const WRITE_AFTER_MS = 500;

/**
 * The demo fleet's tokens by serial, in one JSON file under the data folder (`demo-fleet/tokens.json`): a restarted
 * fleet refreshes (or simply reuses) each box's tokens instead of activating it again, as a rebooted box does.
 * Written tmp + fsync + rename shortly after each change. A file that does not parse is ignored (the boxes activate).
 */
export class TokenStore {
  private boxes = new Map<string, TStoredTokens>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  static async open(path: string, log: (line: string) => void): Promise<TokenStore> {
    const store = new TokenStore(path);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text === null) return store;
    const parsed = ZTokenFileSchema.safeParse(
      (() => {
        try {
          return JSON.parse(text);
        } catch {
          return null;
        }
      })(),
    );
    if (parsed.success) store.boxes = new Map(Object.entries(parsed.data.boxes));
    else log(`${path}: not a token file; every box activates`);
    return store;
  }

  get size() {
    return this.boxes.size;
  }

  get(serial: string): TStoredTokens | null {
    return this.boxes.get(serial) ?? null;
  }

  set(serial: string, tokens: TStoredTokens | null) {
    if (tokens) this.boxes.set(serial, tokens);
    else this.boxes.delete(serial);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.write();
    }, WRITE_AFTER_MS);
  }

  /** Writes now what is pending (at stop). */
  async flush() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      await this.write();
    }
    await this.writing;
  }

  private write(): Promise<void> {
    const body = `${JSON.stringify({ version: 1, boxes: Object.fromEntries(this.boxes) })}\n`;
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.tmp`;
      const file = await open(tmp, 'w', 0o600);
      try {
        await file.writeFile(body);
        await file.datasync();
      } finally {
        await file.close();
      }
      await rename(tmp, this.path);
    });
    return this.writing;
  }
}

/**
 * Spaces calls at least `intervalMs` apart across the whole fleet: its activations and token refreshes come from
 * one IP, which the device API allows 120 a minute, so at 100 a minute none is refused.
 */
export function pacer(intervalMs: number): () => Promise<void> {
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + intervalMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  };
}
