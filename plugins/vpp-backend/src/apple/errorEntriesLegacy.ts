import {
  AppleErrorCatalogueEntry,
  NEW_TOKEN_EN,
  NEW_TOKEN_JA,
  REPORT_BUG_EN,
  REPORT_BUG_JA,
} from './errorCatalogueText';

/**
 * Legacy (v1) numbers still seen in practice (`apple-vpp-api.md` §4.3), including 9610 from
 * devices and 9630–9632, Apple's throttling of repeated identical failing calls.
 */
export const LEGACY_ERROR_ENTRIES: Readonly<
  Record<number, AppleErrorCatalogueEntry>
> = {
  9600: {
    source: 'legacy',
    en: {
      message:
        'Apple rejected the request because a required value was missing.',
      action: REPORT_BUG_EN,
    },
    ja: {
      message: '必要な値が不足していたため、Apple がリクエストを拒否しました。',
      action: REPORT_BUG_JA,
    },
  },
  9604: {
    source: 'legacy',
    en: {
      message: 'Apple found no result for the request.',
      action:
        'Check that the item still exists in this location, then sync the token again.',
    },
    ja: {
      message: 'リクエストに該当する結果が Apple で見つかりませんでした。',
      action:
        '対象がこのロケーションにまだ存在するか確認してから、トークンを再同期してください。',
    },
  },
  9607: {
    source: 'legacy',
    en: {
      message: 'This license cannot be revoked.',
      action:
        'Leave the license assigned. Licenses for some content (for example books) can never be taken back.',
    },
    ja: {
      message: 'このライセンスは取り消すことができません。',
      action:
        'ライセンスは割り当てたままにしてください。一部のコンテンツ(ブックなど)のライセンスは回収できません。',
    },
  },
  9610: {
    source: 'legacy',
    en: {
      message:
        'No license for this app is assigned to the device or user. This often happens when the app is installed before Apple has finished assigning the license, or when another device-management service uses the same token.',
      action:
        'Wait until the license assignment has completed, then install again. If it keeps failing, check that licenses are available and that no other device-management service manages this location.',
    },
    ja: {
      message:
        'この App のライセンスがデバイスまたはユーザに割り当てられていません。Apple によるライセンス割り当てが完了する前にインストールした場合や、同じトークンを別のデバイス管理サービスが使っている場合によく発生します。',
      action:
        'ライセンスの割り当てが完了するまで待ってから、もう一度インストールしてください。失敗が続く場合は、ライセンスの空きがあるか、このロケーションを他のデバイス管理サービスが管理していないか確認してください。',
    },
  },
  9616: {
    source: 'legacy',
    en: {
      message: 'The license is already assigned.',
      action:
        'No action is needed for this device or user. Sync the token so the list shows the current assignments.',
    },
    ja: {
      message: 'このライセンスはすでに割り当てられています。',
      action:
        'このデバイスまたはユーザについて対応は不要です。トークンを同期して、最新の割り当てを表示してください。',
    },
  },
  9619: {
    source: 'legacy',
    en: {
      message:
        'The license is not assigned to this device or user, so it cannot be removed.',
      action:
        'No action is needed. Sync the token so the list shows the current assignments.',
    },
    ja: {
      message:
        'このライセンスはデバイスまたはユーザに割り当てられていないため、解除できません。',
      action:
        '対応は不要です。トークンを同期して、最新の割り当てを表示してください。',
    },
  },
  9622: {
    source: 'legacy',
    en: {
      message:
        'Apple does not recognise this content token. The file may be damaged, edited, or not a content token at all.',
      action: NEW_TOKEN_EN,
    },
    ja: {
      message:
        'Apple がこのコンテンツトークンを認識できません。ファイルが破損または編集されているか、コンテンツトークンではない可能性があります。',
      action: NEW_TOKEN_JA,
    },
  },
  9624: {
    source: 'legacy',
    en: {
      message: 'The license was refunded and can no longer be used.',
      action:
        'Buy more licenses for this app in Apple Business Manager if you still need it, then sync the token.',
    },
    ja: {
      message: 'このライセンスは返金済みのため、使用できなくなりました。',
      action:
        '引き続き必要な場合は Apple Business Manager でこの App のライセンスを追加購入し、トークンを同期してください。',
    },
  },
  9626: {
    source: 'legacy',
    en: {
      message: 'The license is assigned to a different user.',
      action:
        'Remove the license from the other user first, or assign another license, then try again.',
    },
    ja: {
      message: 'このライセンスは別のユーザに割り当てられています。',
      action:
        '先に別のユーザからライセンスを解除するか、別のライセンスを割り当ててから、もう一度お試しください。',
    },
  },
  9628: {
    source: 'legacy',
    en: {
      message: 'This app or book cannot be assigned to devices.',
      action:
        'Assign it to users instead, or choose content that supports device assignment.',
    },
    ja: {
      message: 'この App またはブックはデバイスに割り当てることができません。',
      action:
        '代わりにユーザに割り当てるか、デバイス割り当てに対応したコンテンツを選んでください。',
    },
  },
  9630: {
    source: 'legacy',
    en: {
      message:
        'Apple is temporarily blocking this request because the same request was sent too often in a short time.',
      action:
        'Do not repeat the request right away. Sync the token, check the current assignments, and try again after several minutes.',
    },
    ja: {
      message:
        '同じリクエストが短時間に何度も送信されたため、Apple が一時的にこのリクエストをブロックしています。',
      action:
        'すぐに再実行しないでください。トークンを同期して現在の割り当てを確認し、数分以上経ってから再度お試しください。',
    },
  },
  9631: {
    source: 'legacy',
    en: {
      message:
        'Apple is temporarily blocking this request because it recently failed several times for licenses that were already assigned.',
      action:
        'Do not repeat the request right away. Sync the token to see which licenses are already assigned, and try again after several minutes with only the missing ones.',
    },
    ja: {
      message:
        'すでに割り当て済みのライセンスに対する失敗が直近で何度も発生したため、Apple が一時的にこのリクエストをブロックしています。',
      action:
        'すぐに再実行しないでください。トークンを同期して割り当て済みのライセンスを確認し、数分以上経ってから未割り当ての分だけで再度お試しください。',
    },
  },
  9632: {
    source: 'legacy',
    en: {
      message:
        'Apple is temporarily blocking this request because it recently failed several times for licenses that were not assigned.',
      action:
        'Do not repeat the request right away. Sync the token to see the current assignments, and try again after several minutes with only licenses that are actually assigned.',
    },
    ja: {
      message:
        '割り当てられていないライセンスに対する失敗が直近で何度も発生したため、Apple が一時的にこのリクエストをブロックしています。',
      action:
        'すぐに再実行しないでください。トークンを同期して現在の割り当てを確認し、数分以上経ってから実際に割り当てられているライセンスだけで再度お試しください。',
    },
  },
  9643: {
    source: 'legacy',
    en: {
      message:
        'The license is locked because a transfer between locations is in progress.',
      action:
        'Wait for the transfer in Apple Business Manager to finish, then sync the token and try again.',
    },
    ja: {
      message:
        'ロケーション間の移管が処理中のため、ライセンスがロックされています。',
      action:
        'Apple Business Manager での移管が完了するまで待ってから、トークンを同期して再度お試しください。',
    },
  },
  9644: {
    source: 'legacy',
    en: {
      message: "Apple's service is in maintenance mode.",
      action: 'Try again later; no change is needed on your side.',
    },
    ja: {
      message: 'Apple のサービスはメンテナンス中です。',
      action:
        'しばらくしてから再度お試しください。こちらで変更する必要はありません。',
    },
  },
};
