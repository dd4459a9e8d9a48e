// Where the desktop app keeps its data and finds its parts, and how a start is configured.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_URL, launchOptions } from '../../src-main/electron/launch.ts';
import { PRODUCT_NAME, appPaths, userDataFolder } from '../../src-main/electron/paths.ts';

describe('app paths', () => {
  const userDataPath = join('/home/anna/.config', 'TC Box Office');

  it('names the user data folder after the product, so npm start and the installed app use the same one', () => {
    expect(userDataFolder(join('C:', 'Users', 'anna', 'AppData', 'Roaming'))).toBe(join('C:', 'Users', 'anna', 'AppData', 'Roaming', 'TC Box Office'));
    expect(PRODUCT_NAME).toBe('TC Box Office');
  });

  it('keeps the database, the encrypted key and the settings in the user data folder', () => {
    const paths = appPaths({ isPackaged: true, appPath: '/opt/tc/resources/app.asar', resourcesPath: '/opt/tc/resources', userDataPath });
    expect(paths.dbFile).toBe(join(userDataPath, 'box-office.sqlite'));
    expect(paths.apiKeyFile).toBe(join(userDataPath, 'api-key.bin'));
    expect(paths.settingsFile).toBe(join(userDataPath, 'settings.json'));
  });

  it('reads the migrations from resources/drizzle when packaged, from the project when not', () => {
    const packaged = appPaths({ isPackaged: true, appPath: '/opt/tc/resources/app.asar', resourcesPath: '/opt/tc/resources', userDataPath });
    expect(packaged.migrationsFolder).toBe(join('/opt/tc/resources', 'drizzle'));
    const development = appPaths({ isPackaged: false, appPath: '/work/main', resourcesPath: '/work/main/node_modules/electron/dist/resources', userDataPath });
    expect(development.migrationsFolder).toBe(join('/work/main', 'drizzle'));
  });

  it('loads the renderer and the CommonJS preload that electron-vite builds', () => {
    const paths = appPaths({ isPackaged: true, appPath: '/opt/tc/resources/app.asar', resourcesPath: '/opt/tc/resources', userDataPath });
    expect(paths.rendererFolder).toBe(join('/opt/tc/resources/app.asar', 'out', 'renderer'));
    expect(paths.preloadFile).toBe(join('/opt/tc/resources/app.asar', 'out', 'preload', 'preload.cjs'));
  });
});

describe('launch options', () => {
  const settingsFile = '/home/anna/.config/TC Box Office/settings.json';
  const base = { argv: ['/opt/tc/tc-box-office'], env: {}, settingsText: null, settingsFile };

  it('talks to ticketscloud.com by default, not in demo mode', () => {
    expect(launchOptions(base)).toEqual({ ok: true, value: { demo: false, apiUrl: DEFAULT_API_URL } });
  });

  it('starts the demo with --demo', () => {
    expect(launchOptions({ ...base, argv: [...base.argv, '--demo'] })).toMatchObject({ ok: true, value: { demo: true } });
  });

  it('takes the API URL from the settings file, and TICKETSCLOUD_API_URL over it', () => {
    const settingsText = JSON.stringify({ apiUrl: 'https://staging.ticketscloud.com/' });
    expect(launchOptions({ ...base, settingsText })).toMatchObject({ value: { apiUrl: 'https://staging.ticketscloud.com' } });
    expect(launchOptions({ ...base, settingsText, env: { TICKETSCLOUD_API_URL: 'http://127.0.0.1:4400' } })).toMatchObject({
      value: { apiUrl: 'http://127.0.0.1:4400' },
    });
  });

  it.each([
    ['broken JSON', '{"apiUrl": ', 'not valid JSON'],
    ['a list', '[]', 'JSON object'],
    ['an unknown setting', '{"apiUrl": "https://ticketscloud.com", "apiKey": "x"}', 'unknown setting "apiKey"'],
    ['a URL that is not http(s)', '{"apiUrl": "ftp://ticketscloud.com"}', 'https://'],
    ['something that is not a URL', '{"apiUrl": "ticketscloud"}', 'not a URL'],
  ])('says which file is wrong and how when the settings hold %s', (_case, settingsText, problem) => {
    const options = launchOptions({ ...base, settingsText });
    expect(options.ok).toBe(false);
    if (options.ok) return;
    expect(options.errors[0]?.message.en).toContain(settingsFile);
    expect(options.errors[0]?.message.en).toContain(problem);
    expect(options.errors[0]?.message.ru).toContain(settingsFile);
  });

  it('refuses a plain http:// URL to another computer (the key would travel in clear), from the environment or the settings file', () => {
    for (const url of ['http://ticketscloud.com', 'http://192.168.1.10:8080', 'http://localhost.evil.example/', 'http://[::ffff:7f00:1]/']) {
      const fromEnv = launchOptions({ ...base, env: { TICKETSCLOUD_API_URL: url } });
      expect(fromEnv, url).toMatchObject({ ok: false, errors: [{ path: 'TICKETSCLOUD_API_URL' }] });
      if (!fromEnv.ok) {
        expect(fromEnv.errors[0]?.message.en).toContain('https://');
        expect(fromEnv.errors[0]?.message.ru).toContain('https://');
      }
      const fromFile = launchOptions({ ...base, settingsText: JSON.stringify({ apiUrl: url }) });
      expect(fromFile, url).toMatchObject({ ok: false });
      if (!fromFile.ok) expect(fromFile.errors[0]?.message.en).toContain(settingsFile);
    }
  });

  it('allows http:// to this computer only: 127.0.0.0/8, ::1 and localhost (the sandbox, a local test server)', () => {
    for (const url of ['http://127.0.0.1:4400', 'http://127.3.2.1/', 'http://[::1]:4400', 'http://localhost:4400']) {
      expect(launchOptions({ ...base, env: { TICKETSCLOUD_API_URL: url } }), url).toMatchObject({ ok: true });
      expect(launchOptions({ ...base, settingsText: JSON.stringify({ apiUrl: url }) }), url).toMatchObject({ ok: true });
    }
  });

  it('refuses a TICKETSCLOUD_API_URL that is not a URL', () => {
    expect(launchOptions({ ...base, env: { TICKETSCLOUD_API_URL: 'javascript:alert(1)' } })).toMatchObject({
      ok: false,
      errors: [{ path: 'TICKETSCLOUD_API_URL' }],
    });
  });
});
