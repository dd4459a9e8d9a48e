// The Ticketscloud API key at rest: encrypted with Electron's safeStorage (the OS keychain: DPAPI on
// Windows, Keychain on macOS, libsecret/kwallet on Linux) in a file only the user can read. The key is
// never logged and never goes to the renderer; this module's messages name the file, never the key.
// safeStorage and the file system come in as parameters, so the rules are tested with fakes.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { localize } from '../core/messages/catalog.ts';
import { apiKeyErrors } from '../core/ticketscloud/api-key.ts';

/** The part of Electron's safeStorage this module uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store Chromium picked. */
  getSelectedStorageBackend(): string;
}

/**
 * `os`: encrypted with a key the OS keeps for this user. `basic_text`: Linux without a keyring —
 * Chromium "encrypts" with a fixed password, so anyone who can read the file can read the key.
 * `unavailable`: no encryption at all; the key is then kept in memory only, never written in clear.
 */
export type KeyProtection = 'os' | 'basic_text' | 'unavailable';

export interface SecretFiles {
  exists(file: string): boolean;
  read(file: string): Buffer;
  /** Writes so that no other user can read it, and so a crash never leaves half a file. */
  writePrivate(file: string, data: Buffer): void;
}

export interface SecretStoreOptions {
  safeStorage: SafeStorageLike;
  file: string;
  platform: NodeJS.Platform;
  log: Pick<Console, 'warn'>;
  files?: SecretFiles;
}

export type SaveOutcome = { stored: true; protection: Exclude<KeyProtection, 'unavailable'> } | { stored: false; protection: 'unavailable'; reason: string };

export interface SecretStore {
  protection(): KeyProtection;
  /** The stored key, or null when there is none or it cannot be decrypted (the clerk enters it again). */
  readApiKey(): string | null;
  saveApiKey(key: string): SaveOutcome;
}

export const BASIC_TEXT_WARNING = localize('secrets.basicText');

export const NO_ENCRYPTION_WARNING = localize('secrets.noEncryption');

export function keyProtection(safeStorage: SafeStorageLike, platform: NodeJS.Platform): KeyProtection {
  if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'basic_text';
  return 'os';
}

export const nodeSecretFiles: SecretFiles = {
  exists: (file) => existsSync(file),
  read: (file) => readFileSync(file),
  writePrivate(file, data) {
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, data, { mode: 0o600 });
    chmodSync(temporary, 0o600); // the mode above is filtered by umask; this is not
    renameSync(temporary, file);
  },
};

export function createSecretStore({ safeStorage, file, platform, log, files = nodeSecretFiles }: SecretStoreOptions): SecretStore {
  const protection = () => keyProtection(safeStorage, platform);

  return {
    protection,

    readApiKey() {
      if (!files.exists(file)) return null;
      if (protection() === 'unavailable') {
        log.warn(`API key file ${file} cannot be decrypted: no encryption is available on this system`);
        return null;
      }
      try {
        const key = safeStorage.decryptString(files.read(file));
        if (key === '') return null;
        // Stored by a version that took any text (a key typed in the Russian layout): every request
        // with it would fail before leaving, so the clerk is asked for the key again instead.
        const [problem] = apiKeyErrors(key);
        if (problem) {
          log.warn(`API key file ${file} holds a key that cannot be used (${problem.message.en}); the key must be entered again`);
          return null;
        }
        return key;
      } catch (error) {
        // A keyring that was reset or a file copied from another user: ask for the key again.
        log.warn(`API key file ${file} cannot be decrypted (${error instanceof Error ? error.name : 'unknown error'}); the key must be entered again`);
        return null;
      }
    },

    saveApiKey(key) {
      // Callers store a key only once the core accepted it; this keeps an unusable one off the disk anyway.
      if (apiKeyErrors(key).length > 0) throw new Error('refusing to store an API key that cannot be used');
      const current = protection();
      if (current === 'unavailable') {
        log.warn('API key kept in memory only: no encryption is available on this system');
        return { stored: false, protection: 'unavailable', reason: NO_ENCRYPTION_WARNING.en };
      }
      files.writePrivate(file, safeStorage.encryptString(key));
      if (current === 'basic_text') log.warn(`API key stored in ${file} with the basic_text backend (no system keyring): weak protection`);
      return { stored: true, protection: current };
    },
  };
}
