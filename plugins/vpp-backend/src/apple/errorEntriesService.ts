import {
  AppleErrorCatalogueEntry,
  ABM_PATH_EN,
  ABM_PATH_JA,
  NEW_TOKEN_EN,
  NEW_TOKEN_JA,
  RETRY_LATER_EN,
  RETRY_LATER_JA,
} from './errorCatalogueText';

/**
 * Apple's v2 errors about the token, the account, the service and paging (96xx, and 9729
 * "service temporarily unavailable"): synchronous
 * ones of "Handling error responses" and the asynchronous ones of event results.
 */
export const SERVICE_ERROR_ENTRIES: Readonly<
  Record<number, AppleErrorCatalogueEntry>
> = {
  9601: {
    source: 'v2',
    en: {
      message:
        'Apple did not accept the content token ("login required"). The token is missing, damaged or no longer valid.',
      action: NEW_TOKEN_EN,
    },
    ja: {
      message:
        'Apple がコンテンツトークンを受け付けませんでした(ログインが必要)。トークンが無いか、壊れているか、すでに無効になっています。',
      action: NEW_TOKEN_JA,
    },
  },
  9602: {
    source: 'v2',
    en: {
      message:
        'Apple rejected the request because one of its values is invalid.',
      action:
        'Check the apps, serial numbers or users in the request (for example an app this location does not own). If the request looks right, report it to your administrator.',
    },
    ja: {
      message: 'リクエストに含まれる値が無効なため、Apple が拒否しました。',
      action:
        'リクエスト内の App、シリアル番号、ユーザ(このロケーションが所有していない App など)を確認してください。問題がなさそうな場合は管理者に報告してください。',
    },
  },
  9603: {
    source: 'v2-async',
    en: {
      message: 'Apple had an internal error while processing the request.',
      action: RETRY_LATER_EN,
    },
    ja: {
      message: 'Apple 側でリクエストの処理中に内部エラーが発生しました。',
      action: RETRY_LATER_JA,
    },
  },
  9609: {
    source: 'v2-async',
    en: {
      message: 'Apple could not find the registered user named in the request.',
      action:
        'Sync the token to refresh the user list. If the user was retired or never created, create the user again before assigning licenses.',
    },
    ja: {
      message:
        'リクエストで指定された登録ユーザが Apple で見つかりませんでした。',
      action:
        'トークンを同期してユーザ一覧を更新してください。ユーザが廃止済みまたは未作成の場合は、ライセンスを割り当てる前にユーザを作成し直してください。',
    },
  },
  9621: {
    source: 'v2',
    en: {
      message: 'The content token has expired.',
      action: `Download a new one in ${ABM_PATH_EN}, and renew it here.`,
    },
    ja: {
      message: 'コンテンツトークンの有効期限が切れています。',
      action: `${ABM_PATH_JA}で新しいトークンをダウンロードし、ここで更新してください。`,
    },
  },
  9625: {
    source: 'v2',
    en: {
      message:
        'Apple has revoked this content token. This happens for example when a newer token was downloaded for the same location or the account that downloaded it changed its password.',
      action: NEW_TOKEN_EN,
    },
    ja: {
      message:
        'Apple がこのコンテンツトークンを失効させました。同じロケーションの新しいトークンがダウンロードされた場合や、ダウンロードしたアカウントのパスワードが変更された場合などに起こります。',
      action: NEW_TOKEN_JA,
    },
  },
  9634: {
    source: 'v2',
    en: {
      message: 'Apple no longer offers this service.',
      action:
        'Update this software to a version that uses the current Apple interface, or contact your administrator.',
    },
    ja: {
      message: 'Apple はこのサービスの提供を終了しています。',
      action:
        '現在の Apple インターフェースに対応したバージョンにこのソフトウェアを更新するか、管理者に連絡してください。',
    },
  },
  9637: {
    source: 'v2',
    en: {
      message:
        'Apple does not allow this operation for the Apple account behind this content token (a facilitator account). This is a permission of the account; the token itself is still valid.',
      action:
        'Ask an administrator of Apple Business Manager (or Apple School Manager) to give that account a role that may manage apps and books (for example Content Manager), or to download the content token with such an account and renew the token here with that file.',
    },
    ja: {
      message:
        'このコンテンツトークンの Apple アカウント(ファシリテータアカウント)には、この操作が許可されていません。これはアカウントの権限の問題で、トークン自体は有効です。',
      action:
        'Apple Business Manager(または Apple School Manager)の管理者に、そのアカウントへ App とブックを管理できる役割(コンテンツマネージャなど)を付与してもらうか、そのような役割のアカウントでコンテンツトークンをダウンロードしてもらい、そのファイルでここのトークンを更新してください。',
    },
  },
  9646: {
    source: 'v2',
    en: {
      message:
        'Apple received too many requests for this organization in a short time.',
      action:
        'The request is retried automatically with increasing pauses. If it keeps happening, make sure no other service is using the same content token.',
    },
    ja: {
      message:
        'この組織に対するリクエストが短時間に多すぎると Apple が判断しました。',
      action:
        'リクエストは間隔を空けながら自動的に再試行されます。繰り返し発生する場合は、同じコンテンツトークンを他のサービスが使っていないか確認してください。',
    },
  },
  9650: {
    source: 'v2',
    en: {
      message:
        'The requested page does not exist. The data probably changed while it was being read.',
      action: 'Run the sync again.',
    },
    ja: {
      message:
        '要求したページが存在しません。読み込み中にデータが変更された可能性があります。',
      action: 'もう一度同期してください。',
    },
  },
  9729: {
    source: 'v2',
    en: {
      message: "Apple's Apps and Books service is temporarily unavailable.",
      action:
        'Nothing needs to change on your side. No request is sent before the time Apple asked for (its Retry-After); scheduled syncs continue by themselves after it. Try again after that time; if it lasts, check Apple System Status.',
    },
    ja: {
      message: 'Apple の App とブックのサービスが一時的に利用できません。',
      action:
        'こちらで変更する必要はありません。Apple が指定した時刻(Retry-After)までリクエストは送信されず、定期同期はその後自動的に再開されます。その時刻以降にもう一度お試しください。長引く場合は Apple のシステム状況を確認してください。',
    },
  },
};
