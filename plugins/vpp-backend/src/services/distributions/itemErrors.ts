import { explainAppleError } from '../../apple/errorCatalogue';
import { ItemExplanation } from '../../database/DistributionStore';

/**
 * Explanations of failed items, in English and Japanese, with the next step: Apple's
 * numbers from Apple's catalogue, the device's and the MDM's own here.
 */

/** The license is not visible to the device yet (ASDErrorDomain). */
export const LICENSE_NOT_FOUND = 9610;

const DEVICE_ERRORS: Record<number, ItemExplanation> = {
  [LICENSE_NOT_FOUND]: {
    en: 'The device could not find a license for the app (the association is not visible to it yet, or it was removed).',
    ja: 'デバイスがアプリのライセンスを見つけられませんでした（割り当てがまだデバイスに反映されていないか、取り消されています）。',
    nextStep: {
      en: 'Check that the license is assigned to this serial number (Licenses page), then retry the failed items.',
      ja: 'このシリアル番号にライセンスが割り当てられていることを「ライセンス」ページで確認し、失敗した項目を再試行してください。',
    },
  },
  12034: {
    en: 'The App Store could not verify the app (it may no longer be sold in this country).',
    ja: 'App Store がアプリを確認できませんでした（この国では販売終了の可能性があります）。',
    nextStep: {
      en: 'Sync the token and check the app in the catalog.',
      ja: 'トークンを同期し、カタログでアプリを確認してください。',
    },
  },
  12035: {
    en: 'This item is not an app and cannot be installed.',
    ja: 'この項目はアプリではないため、インストールできません。',
  },
  12036: {
    en: 'The app does not support this device.',
    ja: 'このアプリはこのデバイスに対応していません。',
    nextStep: {
      en: 'Distribute to devices of the app’s platform only.',
      ja: 'アプリが対応するプラットフォームのデバイスにだけ配布してください。',
    },
  },
  12037: {
    en: "The device's OS is older than the app requires.",
    ja: 'デバイスの OS がアプリの必要とするバージョンより古いです。',
    nextStep: {
      en: 'Update the OS, then retry the failed items.',
      ja: 'OS をアップデートしてから、失敗した項目を再試行してください。',
    },
  },
  12038: {
    en: 'The app is already installed on the device but not managed.',
    ja: 'アプリはデバイスにインストール済みですが、管理対象ではありません。',
    nextStep: {
      en: 'Let the user remove the app, or allow taking over management, then retry.',
      ja: 'ユーザにアプリを削除してもらうか、管理の引き継ぎを許可してから再試行してください。',
    },
  },
};

/** An Apple error number of an association, explained from Apple's catalogue. */
export function explainAppleItemError(
  errorNumber: number | undefined,
  appleMessage?: string,
): ItemExplanation {
  if (errorNumber === undefined) {
    return {
      en: `Apple reported the license request as failed without naming an error${
        appleMessage ? ` ("${appleMessage}")` : ''
      }.`,
      ja: 'Apple はエラー番号なしでライセンス要求の失敗を報告しました。',
      nextStep: {
        en: 'Retry the failed items; if it keeps failing, sync the token.',
        ja: '失敗した項目を再試行し、繰り返し失敗する場合はトークンを同期してください。',
      },
    };
  }
  const en = explainAppleError(errorNumber, 'en', appleMessage);
  const ja = explainAppleError(errorNumber, 'ja', appleMessage);
  return {
    en: en.message,
    ja: ja.message,
    nextStep: { en: en.action, ja: ja.action },
  };
}

/** A device's error answer (the first code of its ErrorChain that is known, else the first). */
export function explainDeviceError(
  errors: Array<{ code: number; domain?: string; description?: string }>,
): { errorNumber: number | null; explanation: ItemExplanation } {
  const known = errors.find(e => DEVICE_ERRORS[e.code]) ?? errors[0];
  if (!known) {
    return {
      errorNumber: null,
      explanation: {
        en: 'The device refused the install without naming an error.',
        ja: 'デバイスはエラー番号なしでインストールを拒否しました。',
        nextStep: {
          en: 'Retry the failed items.',
          ja: '失敗した項目を再試行してください。',
        },
      },
    };
  }
  const entry = DEVICE_ERRORS[known.code];
  return {
    errorNumber: known.code,
    explanation: entry ?? {
      en: `The device refused the install: ${known.domain ?? ''} ${known.code}${
        known.description ? ` (${known.description})` : ''
      }.`.replace('  ', ' '),
      ja: `デバイスがインストールを拒否しました: ${known.domain ?? ''} ${
        known.code
      }`,
      nextStep: {
        en: 'Check the device, then retry the failed items.',
        ja: 'デバイスを確認してから、失敗した項目を再試行してください。',
      },
    },
  };
}

/** A plain explanation of the product's own (no error number). */
export function explain(
  en: string,
  ja: string,
  nextStep?: { en: string; ja: string },
): ItemExplanation {
  return { en, ja, ...(nextStep ? { nextStep } : {}) };
}
