// electron-builder's configuration for the venue installers (`npm run dist`, scripts/dist.mjs):
// Windows NSIS, Linux AppImage + .deb, macOS dmg. TypeScript so every option name is checked against
// electron-builder's own types; electron-builder loads it with `--config electron-builder.config.ts`.
import type { Configuration } from 'electron-builder';

/** The SQLite C sources (~10 MB), and what compiling them from source leaves behind. */
const BETTER_SQLITE3_BUILD_LEFTOVERS = ['deps/**', 'src/**', 'build/deps/**', 'build/Release/obj/**', 'build/Release/obj.target/**', 'build/Release/.deps/**', 'build/Release/test_extension.node'];

const config: Configuration = {
  appId: 'com.ticketscloud.boxoffice',
  productName: 'TC Box Office',
  copyright: 'Copyright © 2026 TC Box Office contributors',
  directories: { output: 'dist', buildResources: 'build' },

  // The app is what electron-vite built plus package.json (its "main" points at out/main/main.js);
  // production dependencies are added by electron-builder itself. Source maps and better-sqlite3's
  // build leftovers are not needed at run time: of that package only lib/ and the one
  // build/Release/better_sqlite3.node are loaded.
  files: ['out/**', 'package.json', '!**/*.map', ...BETTER_SQLITE3_BUILD_LEFTOVERS.map((pattern) => `!node_modules/better-sqlite3/${pattern}`)],
  // drizzle-kit's migrations as a real folder beside the archive: main.ts reads them from
  // process.resourcesPath/drizzle when packaged (src-main/electron/paths.ts) and applies any new ones
  // at start, so an update migrates the venue's database in place.
  extraResources: [{ from: 'drizzle', to: 'drizzle', filter: ['**/*.sql', 'meta/_journal.json', 'meta/*_snapshot.json'] }],

  asar: true,
  // A native module is loaded by the OS from a real file, never from inside an asar archive.
  asarUnpack: ['**/node_modules/better-sqlite3/**'],
  // Rebuilds better-sqlite3 against Electron's ABI (Electron's headers are downloaded for that) — only
  // here, while packaging; scripts/dist.mjs then restores the Node build the tests use.
  npmRebuild: true,
  buildDependenciesFromSource: false,

  // https://www.electronjs.org/docs/latest/tutorial/fuses — flipped in the packaged binary before signing.
  electronFuses: {
    // The binary cannot be used as a plain Node interpreter (ELECTRON_RUN_AS_NODE).
    runAsNode: false,
    enableCookieEncryption: true,
    // No NODE_OPTIONS / --inspect: nobody injects code or a debugger into the main process.
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    // Checks app.asar against the hash in the binary (macOS and Windows; Linux has no support yet).
    enableEmbeddedAsarIntegrityValidation: true,
    // Only app.asar is loaded: an `app/` folder dropped beside it is ignored.
    onlyLoadAppFromAsar: true,
    // file:// pages get no more than a browser gives them: nothing of ours loads from file:// — the
    // renderer comes through its own app:// scheme, which serves its one folder only
    // (src-main/electron/app-protocol.ts; Electron security checklist item 18).
    grantFileProtocolExtraPrivileges: false,
  },

  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'build/icons/512x512.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    // The database holds edits not yet sent: uninstalling must never delete it.
    deleteAppDataOnUninstall: false,
    createDesktopShortcut: true,
    shortcutName: 'TC Box Office',
  },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    icon: 'build/icons',
    maintainer: 'TC Box Office maintainers <box-office@ticketscloud.example>',
    vendor: 'TC Box Office',
    synopsis: 'Box office for Ticketscloud orders, works offline',
    description: 'Desktop box office for venue counters that sell and service Ticketscloud orders, offline-first.',
    executableName: 'tc-box-office',
  },
  deb: {
    // Chromium's secret store: without it safeStorage falls back to weak "basic_text" protection.
    recommends: ['gnome-keyring | kwalletmanager', 'libsecret-1-0'],
  },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.business',
    icon: 'build/icons/512x512.png',
  },
  dmg: { title: 'TC Box Office' },

  publish: null,
};

export default config;
