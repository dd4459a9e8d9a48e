// The bridge's error answers: every non-2xx body is `{errors: [{path, code, message: {en, ru}}]}`
// (docs/bridge-api.md), whether the problem was found by the bridge, the core or Fastify itself.
import type { FieldError, LocalizedText } from '../core/contract.ts';

export interface ErrorAnswer {
  status: number;
  body: { errors: FieldError[] };
}

export function errorAnswer(status: number, path: string, code: string, message: LocalizedText): ErrorAnswer {
  return { status, body: { errors: [{ path, code, message }] } };
}

export const UNAUTHORIZED = errorAnswer(401, '', 'unauthorized', {
  en: 'Missing or wrong access token: open the address the box office printed at start',
  ru: 'Нет токена доступа или он неверный: откройте адрес, который касса вывела при запуске',
});

export const FORBIDDEN_ORIGIN = errorAnswer(403, '', 'forbidden_origin', {
  en: 'Requests from other web sites are refused',
  ru: 'Запросы с других сайтов отклоняются',
});

export const FORBIDDEN_HOST = errorAnswer(403, '', 'forbidden_host', {
  en: 'The box office answers only at 127.0.0.1 or localhost',
  ru: 'Касса отвечает только по адресу 127.0.0.1 или localhost',
});

export const NOT_FOUND = errorAnswer(404, '', 'not_found', {
  en: 'No such address in the box office API',
  ru: 'Такого адреса в API кассы нет',
});

export const INVALID_JSON = errorAnswer(400, '', 'invalid_json', {
  en: 'The request body is not valid JSON',
  ru: 'Тело запроса — не корректный JSON',
});

export function bodyTooLarge(limitBytes: number): ErrorAnswer {
  const kib = Math.floor(limitBytes / 1024);
  return errorAnswer(400, '', 'body_too_large', {
    en: `The request body is larger than ${kib} KiB`,
    ru: `Тело запроса больше ${kib} КиБ`,
  });
}

export function tooManyEventStreams(limit: number): ErrorAnswer {
  return errorAnswer(429, '', 'too_many_event_streams', {
    en: `Already ${limit} event streams are open (one per box office tab is enough): close a tab, or try again later`,
    ru: `Уже открыто ${limit} потоков событий (хватает одного на вкладку кассы): закройте вкладку или попробуйте позже`,
  });
}

export const UNSUPPORTED_MEDIA_TYPE = errorAnswer(415, '', 'unsupported_media_type', {
  en: 'Send the body as application/json',
  ru: 'Отправьте тело запроса как application/json',
});

export const BAD_REQUEST = errorAnswer(400, '', 'bad_request', {
  en: 'The request could not be read',
  ru: 'Не удалось прочитать запрос',
});

export const INTERNAL_ERROR = errorAnswer(500, '', 'internal_error', {
  en: 'Something went wrong inside the box office; nothing was lost, try again',
  ru: 'Внутренняя ошибка кассы; данные не потеряны, попробуйте ещё раз',
});
