// The one Content-Security-Policy of the renderer, whichever transport serves it: the Electron shell sets
// it on its window's responses, the HTTP bridge on every answer, and src-renderer/index.html repeats it in
// a <meta> tag. No 'unsafe-inline' / 'unsafe-eval': the renderer ships its scripts and styles as files.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
