import {
  AppleErrorCatalogueEntry,
  AppleErrorLocale,
  LocalizedText,
} from './errorCatalogueText';
import { LEGACY_ERROR_ENTRIES } from './errorEntriesLegacy';
import { REQUEST_ERROR_ENTRIES } from './errorEntriesRequests';
import { SERVICE_ERROR_ENTRIES } from './errorEntriesService';
import {
  AppleVppErrorKind,
  TOKEN_UNUSABLE_ERROR_NUMBERS,
  classifyAppleError,
} from './errors';

export type {
  AppleErrorCatalogueEntry,
  AppleErrorLocale,
} from './errorCatalogueText';

/**
 * Plain-language explanation and next step for every error number Apple documents for the
 * Apps and Books API (v2 synchronous and asynchronous errors, and legacy numbers still seen in
 * practice, including 9610 from devices).
 */
export const APPLE_ERROR_CATALOGUE: Readonly<
  Record<number, AppleErrorCatalogueEntry>
> = {
  ...SERVICE_ERROR_ENTRIES,
  ...REQUEST_ERROR_ENTRIES,
  ...LEGACY_ERROR_ENTRIES,
};

export interface AppleErrorExplanation {
  errorNumber: number;
  /** False when Apple sent a number this catalogue does not (yet) describe. */
  known: boolean;
  kind: AppleVppErrorKind;
  /** True for 9601/9621/9622/9625/9722: the token must be replaced. */
  tokenUnusable: boolean;
  message: string;
  action: string;
  /** `message` and `action` joined, ready to show. */
  text: string;
}

const UNKNOWN: Record<
  AppleErrorLocale,
  (n: number, appleMessage?: string) => LocalizedText
> = {
  en: (n, appleMessage) => ({
    message: `Apple reported error ${n}${
      appleMessage ? ` ("${appleMessage}")` : ''
    }, which this software does not describe yet.`,
    action:
      "If Apple's message names something you can change (the token, or the apps, devices or users in the request), correct it and try again; otherwise try again later. If it keeps happening, report it to your administrator with the time, the error number and Apple's message.",
  }),
  ja: (n, appleMessage) => ({
    message: `Apple からエラー ${n}${
      appleMessage ? `(「${appleMessage}」)` : ''
    }が返されましたが、このソフトウェアではまだ説明を用意していません。`,
    action:
      'Apple のメッセージに変更できる対象(トークン、またはリクエスト内の App・デバイス・ユーザ)が示されている場合は、それを修正して再度お試しください。そうでない場合は、しばらくしてから再度お試しください。繰り返し発生する場合は、発生時刻、エラー番号、Apple のメッセージを添えて管理者に報告してください。',
  }),
};

/**
 * Plain-language explanation and next step for an Apple error number, in English or Japanese.
 * `appleMessage` (Apple's own `errorMessage`, English) is quoted for numbers the catalogue does
 * not describe, so even a number Apple adds later tells the person something.
 */
export function explainAppleError(
  errorNumber: number,
  locale: AppleErrorLocale = 'en',
  appleMessage?: string,
): AppleErrorExplanation {
  const lang: AppleErrorLocale = locale === 'ja' ? 'ja' : 'en';
  const entry = APPLE_ERROR_CATALOGUE[errorNumber];
  const text = entry
    ? entry[lang]
    : UNKNOWN[lang](errorNumber, appleMessage?.trim().slice(0, 300));
  const kind = classifyAppleError(errorNumber, undefined);
  const separator = lang === 'ja' ? '' : ' ';
  return {
    errorNumber,
    known: entry !== undefined,
    kind,
    tokenUnusable: TOKEN_UNUSABLE_ERROR_NUMBERS.has(errorNumber),
    message: text.message,
    action: text.action,
    text: `${text.message}${separator}${text.action}`,
  };
}
