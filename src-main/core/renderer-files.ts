// Which file of the built renderer a request names: the one rule both transports serve by (the bridge's
// static files in browser mode, the desktop app's app:// scheme). Only a regular file inside the folder:
// a symlink that leads out of it, `..`, an encoded slash, a dotfile or dot folder (`.env`, `.git/`)
// names nothing, so a stray file dropped into out/renderer or a link to /etc/passwd is never served.
// Plain Node. Under Electron the same calls read inside app.asar: Electron patches the methods of `fs`
// and `fs.promises`, so they are looked up when called, never bound at import.
import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

export const RENDERER_INDEX = 'index.html';

/**
 * The URL path's segments as file names, or null when one of them could name something other than a
 * plain file or folder inside the renderer: empty (`//`), a dot name (`.`, `..`, `.env`), or one that
 * decodes to a path separator, a NUL or a drive/stream colon (Windows).
 */
export function rendererPathSegments(urlPath: string): string[] | null {
  if (!urlPath.startsWith('/')) return null;
  if (urlPath === '/') return [RENDERER_INDEX];
  const segments: string[] = [];
  for (const raw of urlPath.slice(1).split('/')) {
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (name === '' || name.startsWith('.') || /[/\\:\0]/.test(name)) return null;
    segments.push(name);
  }
  return segments;
}

/**
 * The real path of the file `urlPath` names inside `folder`, or null when it names nothing servable.
 * Symlinks are resolved first and the result must still lie inside the folder's own real path, with no
 * dot name on the way, and be a regular file (not a folder, a FIFO or a device).
 */
export async function rendererFile(folder: string, urlPath: string): Promise<string | null> {
  const segments = rendererPathSegments(urlPath);
  if (segments === null) return null;
  try {
    const root = await fs.realpath(folder);
    const file = await fs.realpath(join(root, ...segments));
    const inside = relative(root, file);
    if (inside === '' || isAbsolute(inside) || inside.split(sep).some((name) => name.startsWith('.'))) return null;
    return (await fs.stat(file)).isFile() ? file : null;
  } catch {
    // Missing, unreadable or a broken link: the same "not found" as any other name.
    return null;
  }
}
