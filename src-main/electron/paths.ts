// Where the desktop app finds its parts and keeps its data, decided in one place from what Electron
// reports (passed in, so it is tested without Electron).
//
// Packaged, the app's code sits in resources/app.asar and the migrations in resources/drizzle
// (electron-builder's extraResources): drizzle's migrator reads a folder of .sql files, and a real
// folder beside the archive is what every platform's installer lays out the same way.
import { join } from 'node:path';

/** The product's name, also electron-builder's productName: the user data folder is named after it. */
export const PRODUCT_NAME = 'TC Box Office';

/**
 * The user data folder, fixed to the product name so `npm start` and the installed app agree (Electron
 * would otherwise take package.json's "name" in development): %APPDATA%\TC Box Office on Windows,
 * ~/Library/Application Support/TC Box Office on macOS, ~/.config/TC Box Office on Linux.
 */
export function userDataFolder(appDataPath: string): string {
  return join(appDataPath, PRODUCT_NAME);
}

export interface AppLocation {
  isPackaged: boolean;
  /** app.getAppPath(): the project folder in development, resources/app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath */
  resourcesPath: string;
  /** app.getPath('userData'), see userDataFolder() */
  userDataPath: string;
}

export interface AppPaths {
  /** The venue's database (cache + outbox). Demo starts use a throw-away one instead (backend.ts). */
  dbFile: string;
  migrationsFolder: string;
  /** The built renderer (index.html and assets/), served to the window as app://renderer/ (app-protocol.ts). */
  rendererFolder: string;
  preloadFile: string;
  apiKeyFile: string;
  settingsFile: string;
}

/** Known before the launch options are: the settings file is where some of them come from. */
export function settingsFileIn(userDataPath: string): string {
  return join(userDataPath, 'settings.json');
}

export function appPaths({ isPackaged, appPath, resourcesPath, userDataPath }: AppLocation): AppPaths {
  return {
    dbFile: join(userDataPath, 'box-office.sqlite'),
    migrationsFolder: isPackaged ? join(resourcesPath, 'drizzle') : join(appPath, 'drizzle'),
    rendererFolder: join(appPath, 'out', 'renderer'),
    preloadFile: join(appPath, 'out', 'preload', 'preload.cjs'),
    apiKeyFile: join(userDataPath, 'api-key.bin'),
    settingsFile: settingsFileIn(userDataPath),
  };
}
