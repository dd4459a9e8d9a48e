import { describe, expect, it } from 'vitest';
import { en } from '../../src-renderer/i18n/en.ts';
import { ru } from '../../src-renderer/i18n/ru.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('interface strings', () => {
  it('has every English string in Russian, and nothing Russian-only', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps the same placeholders in both languages, so no value is lost in translation', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, placeholders: placeholders(ru[key]) }).toEqual({ key, placeholders: placeholders(en[key]) });
    }
  });

  it('has no empty string in either language', () => {
    for (const catalog of [en, ru]) {
      for (const [key, text] of Object.entries(catalog)) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
    }
  });
});
