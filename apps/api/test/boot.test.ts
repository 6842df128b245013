import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const apiDir = fileURLToPath(new URL('..', import.meta.url));

describe('api start-up', () => {
  it('stops with the name of a missing or malformed variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: apiDir,
      env: { PATH: process.env.PATH, DATABASE_URL: 'mysql://nope', REDIS_URL: 'redis://127.0.0.1:6379' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const [code] = await once(child, 'close'); // after 'exit' output may still be unread
    expect(code).toBe(1);
    expect(output).toMatch(/NEXTAUTH_SECRET: is missing/);
    expect(output).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
  });

  it('names the variable when its store does not answer', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: apiDir,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://keten:keten@127.0.0.1:5432/keten',
        REDIS_URL: 'redis://127.0.0.1:1',
        NEXTAUTH_SECRET: 'x'.repeat(40),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const [code] = await once(child, 'close');
    expect(code).toBe(1);
    expect(output).toMatch(/REDIS_URL: Redis is not reachable/);
  });
});
