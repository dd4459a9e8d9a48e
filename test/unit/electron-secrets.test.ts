// The API key at rest: encrypted, private to the user, never in a log, never back to the renderer.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIpcHandlers } from '../../src-main/electron/ipc-handlers.ts';
import { createSecretStore, keyProtection, type SafeStorageLike } from '../../src-main/electron/secrets.ts';
import { fakeApi } from './electron-fake-api.ts';

const KEY = 'tc-live-7f3a9c0e1d2b4a6f8e0c';

/** Reversible but not readable: enough to tell "encrypted" from "written in clear". */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('base64')}`.split('').reverse().join('')),
    decryptString: (data) => {
      const text = data.toString().split('').reverse().join('');
      if (!text.startsWith('enc:')) throw new Error(`Error while decrypting the ciphertext provided to safeStorage.decryptString. ${text}`);
      return Buffer.from(text.slice(4), 'base64').toString();
    },
  };
}

let folder: string;
let file: string;
const log = { warn: vi.fn() };

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'tc-secrets-'));
  file = join(folder, 'api-key.bin');
  log.warn.mockReset();
});

afterEach(() => rmSync(folder, { recursive: true, force: true }));

function logged(): string {
  return JSON.stringify(log.warn.mock.calls);
}

describe('API key storage', () => {
  it('stores the key encrypted and reads it back at the next start', () => {
    const saved = createSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux', log }).saveApiKey(KEY);
    expect(saved).toEqual({ stored: true, protection: 'os' });
    expect(readFileSync(file).toString()).not.toContain(KEY);

    const nextStart = createSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux', log });
    expect(nextStart.readApiKey()).toBe(KEY);
    expect(log.warn).not.toHaveBeenCalled();
  });

  it('keeps the key file readable by the user only (0600 where the OS has modes) and leaves no temporary copy', () => {
    createSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux', log }).saveApiKey(KEY);
    expect(existsSync(`${file}.tmp`)).toBe(false);
    // Windows has no POSIX modes; there the user's profile folder's ACL protects the file.
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('asks for the key again when the stored one cannot be used (typed in the Russian layout by an older version), without logging it', () => {
    const russianLayout = 'ыфтвищч-лун';
    const storage = fakeSafeStorage();
    // Such a key is never written any more…
    const store = createSecretStore({ safeStorage: storage, file, platform: 'linux', log });
    expect(() => store.saveApiKey(russianLayout)).toThrow(/cannot be used/);
    expect(existsSync(file)).toBe(false);
    // …but an older version wrote it, encrypted like any other.
    writeFileSync(file, storage.encryptString(russianLayout));
    expect(createSecretStore({ safeStorage: storage, file, platform: 'linux', log }).readApiKey()).toBeNull();
    expect(logged()).toContain('cannot be used');
    expect(logged()).not.toContain(russianLayout);
  });

  it('has no key before one was entered', () => {
    expect(createSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux', log }).readApiKey()).toBeNull();
  });

  it('warns when Linux has no keyring (basic_text backend), without logging the key', () => {
    const store = createSecretStore({ safeStorage: fakeSafeStorage('basic_text'), file, platform: 'linux', log });
    expect(store.protection()).toBe('basic_text');
    expect(store.saveApiKey(KEY)).toEqual({ stored: true, protection: 'basic_text' });
    expect(logged()).toContain('basic_text');
    expect(logged()).not.toContain(KEY);
  });

  it('asks the backend only on Linux (the call is Linux-only in Electron)', () => {
    const safeStorage = fakeSafeStorage('basic_text');
    const backend = vi.spyOn(safeStorage, 'getSelectedStorageBackend');
    expect(keyProtection(safeStorage, 'win32')).toBe('os');
    expect(keyProtection(safeStorage, 'darwin')).toBe('os');
    expect(backend).not.toHaveBeenCalled();
  });

  it('never writes the key in clear when no encryption exists: it stays in memory for this run', () => {
    const store = createSecretStore({ safeStorage: fakeSafeStorage('unknown', false), file, platform: 'linux', log });
    expect(store.saveApiKey(KEY)).toMatchObject({ stored: false, protection: 'unavailable' });
    expect(existsSync(file)).toBe(false);
    expect(logged()).not.toContain(KEY);
  });

  it('asks for the key again when the stored one cannot be decrypted, and does not log its content', () => {
    createSecretStore({ safeStorage: fakeSafeStorage(), file, platform: 'linux', log }).saveApiKey(KEY);
    const broken: SafeStorageLike = {
      ...fakeSafeStorage(),
      decryptString: (data) => {
        throw new Error(`cannot decrypt ${data.toString()} ${KEY}`);
      },
    };
    expect(createSecretStore({ safeStorage: broken, file, platform: 'linux', log }).readApiKey()).toBeNull();
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(logged()).not.toContain(KEY);
  });

  it('goes renderer → main → disk when the clerk enters a key, and no log line or answer carries it', async () => {
    const consoleCalls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => {}));
    try {
      const store = createSecretStore({ safeStorage: fakeSafeStorage('basic_text'), file, platform: 'linux', log: console });
      const { api } = fakeApi();
      const handlers = createIpcHandlers(api, { onApiKeyAccepted: (key) => store.saveApiKey(key) });

      const reply = await handlers.setApiKey([KEY]);
      const status = await handlers.status([]);

      expect(reply.ok).toBe(true);
      expect(store.readApiKey()).toBe(KEY);
      expect(JSON.stringify([reply, status])).not.toContain(KEY);
      const everythingLogged = JSON.stringify(consoleCalls.map((spy) => spy.mock.calls));
      expect(everythingLogged).toContain('basic_text');
      expect(everythingLogged).not.toContain(KEY);
    } finally {
      for (const spy of consoleCalls) spy.mockRestore();
    }
  });
});
