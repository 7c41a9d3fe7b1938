/*
 * Types and shared sentences of the error catalogue (errorCatalogue.ts), used by its entry files.
 */

/** Languages the catalogue is written in. */
export type AppleErrorLocale = 'en' | 'ja';

export interface LocalizedText {
  /** What happened, in plain language. */
  message: string;
  /** What the person should do next. */
  action: string;
}

export interface AppleErrorCatalogueEntry {
  /** Where the number comes from: the v2 synchronous table, the v2 asynchronous table, or legacy. */
  source: 'v2' | 'v2-async' | 'legacy';
  en: LocalizedText;
  ja: LocalizedText;
}

export const ABM_PATH_EN =
  'Apple Business Manager (or Apple School Manager) under Preferences → Payments and Billing → Apps and Books';
export const ABM_PATH_JA =
  'Apple Business Manager(または Apple School Manager)の「環境設定」→「お支払いと請求」→「App とブック」';

export const NEW_TOKEN_EN = `Download a new content token in ${ABM_PATH_EN}, and renew the token here with the new file.`;
export const NEW_TOKEN_JA = `${ABM_PATH_JA}で新しいコンテンツトークンをダウンロードし、ここでそのファイルを使ってトークンを更新してください。`;

export const RETRY_LATER_EN =
  'Nothing needs to change on your side. Try again in a few minutes; if it keeps happening, check Apple System Status and contact support.';
export const RETRY_LATER_JA =
  'こちらで変更する必要はありません。数分後にもう一度お試しください。繰り返し発生する場合は、Apple のシステム状況を確認し、サポートに連絡してください。';

export const REPORT_BUG_EN =
  'This usually points to a problem in this software rather than in your data. Try again; if it happens again, report it to your administrator with the time and the error number.';
export const REPORT_BUG_JA =
  '通常、データではなくこのソフトウェア側の問題です。もう一度お試しいただき、再発する場合は発生時刻とエラー番号を添えて管理者に報告してください。';
