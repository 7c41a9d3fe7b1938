/**
 * Japanese UI text. Terms follow Apple Business Manager's Japanese UI (「環境設定」→
 * 「お支払いと請求」→「Appとブック」, 場所, コンテンツトークン) and the wording of the
 * Japanese manuals in the spec (備考 for notes).
 *
 * A plain object rather than `createTranslationMessages(...)` so that it does not import
 * the ref that lazily imports it; `createTranslationRef` still type-checks that every
 * English key has a Japanese text.
 */
const ja = {
  'common.cancel': 'キャンセル',
  'common.close': '閉じる',
  'common.save': '保存',
  'common.unknownError': '問題が発生しました: {{message}}',

  'status.ok': '正常',
  'status.expiring': '期限間近',
  'status.expired': '期限切れ',
  'status.revoked': '失効',
  'status.invalid': '無効',
  'status.claimed-elsewhere': '他の MDM が管理中',

  'days.left_one': '残り {{count}} 日',
  'days.left_other': '残り {{count}} 日',
  'days.today': '本日で期限切れ',
  'days.expiredAgo_one': '{{count}} 日前に期限切れ',
  'days.expiredAgo_other': '{{count}} 日前に期限切れ',

  'health.title': 'VPP バックエンド',
  'health.status': '状態',
  'health.version': 'バージョン',
  'health.database': 'データベース',
  'health.appleApi': 'Apple API',
  'health.mode': 'モード',
  'health.simulator': 'シミュレーター（Apple ではありません）',
  'health.production': 'Apple 本番環境',
  'health.error': 'VPP バックエンドから応答がありません',

  'tokensPage.title': 'コンテンツトークン',
  'tokensPage.description':
    'Apple Business Manager の場所ごとに 1 つのコンテンツトークン（.vpptoken）があります。トークンの有効期限は 1 年です。期限が切れる前に更新してください。',
  'tokensPage.register': 'トークンを登録',
  'tokensPage.loadError': 'コンテンツトークンを読み込めませんでした',
  'tokensPage.emptyTitle': 'コンテンツトークンはまだありません',
  'tokensPage.emptyDescription':
    'Apple Business Manager で「環境設定」→「お支払いと請求」→「Appとブック」を開き、場所のトークンをダウンロードしてから、ここで登録してください。',
  'tokensPage.columns.name': '名前',
  'tokensPage.columns.location': '場所',
  'tokensPage.columns.owner': '所有者',
  'tokensPage.columns.expires': '有効期限',
  'tokensPage.columns.daysLeft': '残り日数',
  'tokensPage.columns.status': '状態',
  'tokensPage.columns.actions': '操作',
  'tokensPage.renew': '更新',
  'tokensPage.sharesFrom': '{{name}} のライセンスを共有',

  'file.choose': '.vpptoken ファイルを選択',
  'file.none': 'ファイルが選択されていません',
  'file.chosen': 'ファイル: {{name}}',
  'file.readError': 'ファイルを読み込めませんでした: {{message}}',
  'file.preview': '組織 {{orgName}}、有効期限 {{date}}',
  'file.hintSuffix': 'ファイルは送信時にサーバーで確認されます。',
  'file.hint.empty': 'ファイルが空です。',
  'file.hint.tooLarge':
    'ファイルが 64 KiB を超えています。.vpptoken ファイルはもっと小さいはずです。',
  'file.hint.extension': 'ファイル名が .vpptoken で終わっていません。',
  'file.hint.notBase64':
    '.vpptoken ファイルではないようです（Base64 のテキストではありません）。',
  'file.hint.notJson':
    '.vpptoken ファイルではないようです（デコードしてもトークンになりません）。',
  'file.hint.missingKeys':
    '.vpptoken ファイルではないようです（{{keys}} がありません）。',

  'groups.label': '所有グループ',
  'groups.helper': 'このトークンを担当するカタログのグループ',
  'groups.placeholder': 'グループを選択',
  'groups.loading': 'グループを読み込み中…',
  'groups.error': 'カタログからグループを読み込めませんでした: {{message}}',

  'register.title': 'コンテンツトークンを登録',
  'register.intro':
    'Apple Business Manager で「環境設定」→「お支払いと請求」→「Appとブック」を開き、対象の場所のトークンをダウンロードして、そのファイルをここで選択してください。',
  'register.displayName': '表示名',
  'register.displayNameHelper': '省略可。省略すると場所の名前になります。',
  'register.notes': '備考',
  'register.notesHelper':
    'トークンのダウンロードに使用した Apple アカウントとダウンロード日を記録してください',
  'register.takeOver': '他の MDM から管理を引き継ぐ',
  'register.takeOverExplain':
    '引き継ぐと、この Backstage がこの場所の MDM になり、他の MDM 製品はそのライセンスを使用できなくなります。',
  'register.submit': '登録',
  'register.submitTakeOver': '引き継いで登録',
  'register.submitting': '登録中…',
  'register.success':
    '{{location}} のトークンを登録しました。有効期限は {{date}} です。',
  'register.missingFile': '先に .vpptoken ファイルを選択してください。',
  'register.missingOwner': '所有グループを選択してください。',

  'renew.title': '{{name}} を更新',
  'renew.intro':
    'Apple Business Manager（「環境設定」→「お支払いと請求」→「Appとブック」）で {{location}} の新しいトークンをダウンロードし、ここで選択してください。［更新］を押すまでは何も変更されません。',
  'renew.checking': '新しいファイルを確認中…',
  'renew.checksTitle': '更新前の確認',
  'renew.passed': 'OK',
  'renew.failed': 'NG',
  'renew.checks.registered': 'このトークンがここに登録済みであること',
  'renew.checks.later-expiry':
    '新しいファイルの有効期限が現在のものより後であること',
  'renew.checks.not-other-mdm': '場所が他の MDM 製品で管理されていないこと',
  'renew.checks.not-other-account':
    '場所がここで別の所有者として登録されていないこと',
  'renew.checks.location-exists': '場所が Apple 側で削除されていないこと',
  'renew.expiry': '有効期限',
  'renew.location': '場所',
  'renew.claimant': '現在の MDM',
  'renew.noClaimant': '他の MDM はありません',
  'renew.takeOver': '他の MDM から管理を引き継ぐ',
  'renew.submit': '更新',
  'renew.submitting': '更新中…',
  'renew.success': '更新しました。{{name}} の有効期限は {{date}} です。',
  'renew.blocked': 'すべての確認に合格するまで更新できません。',

  'tokenPage.back': 'コンテンツトークン一覧',
  'tokenPage.loadError': 'コンテンツトークンを読み込めませんでした',
  'tokenPage.facts.location': '場所',
  'tokenPage.facts.organisation': '組織',
  'tokenPage.facts.owner': '所有者',
  'tokenPage.facts.country': '国',
  'tokenPage.facts.expires': '有効期限',
  'tokenPage.facts.daysLeft': '残り日数',
  'tokenPage.facts.status': '状態',
  'tokenPage.facts.notes': '備考',
  'tokenPage.facts.createdBy': '登録者',
  'tokenPage.facts.createdAt': '登録日',
  'tokenPage.facts.sharesFrom': 'ライセンスの共有元',
  'tokenPage.actions.renew': '更新',
  'tokenPage.actions.edit': '編集',
  'tokenPage.actions.share': 'ライセンスを共有',
  'tokenPage.actions.delete': '削除',
  'tokenPage.banner.expired': 'このトークンは有効期限が切れています',
  'tokenPage.banner.revoked': 'このトークンは Apple によって失効されました',
  'tokenPage.banner.invalid': 'このトークンは Apple に受け付けられません',
  'tokenPage.banner.claimed-elsewhere':
    'この場所は他の MDM によって管理されています',
  'tokenPage.banner.expiring': 'このトークンはまもなく有効期限が切れます',
  'tokenPage.banner.steps':
    'Apple Business Manager で「環境設定」→「お支払いと請求」→「Appとブック」を開き、{{location}} のトークンをダウンロードしてから、ここで［更新］を選んでください。',
  'tokenPage.banner.sharedSteps':
    'このレコードは {{name}} のライセンスを共有しています。{{name}} を更新すると、このレコードも合わせて更新されます。',
  'tokenPage.sharedNote':
    'このトークンを更新すると、ライセンスを共有しているトークンも合わせて更新されます。',

  'edit.title': '{{name}} を編集',
  'edit.success': '保存しました。',

  'share.title': '別のグループとライセンスを共有',
  'share.intro':
    'グループには {{name}} のライセンスを使う専用のトークンレコードが作成されます。{{name}} を更新すると、共有先のレコードも合わせて更新されます。',
  'share.submit': '共有',
  'share.success': '{{name}} のライセンスを {{group}} と共有しました。',

  'delete.title': '{{name}} を削除しますか？',
  'delete.body':
    '{{location}} のトークンを Backstage から削除し、Apple 側でこの場所に対するこの Backstage の管理を解除します。この場所を再び使うには、トークンを登録し直してください。',
  'delete.confirm': '削除',
  'delete.deleting': '削除中…',

  'entityCard.title': 'コンテンツトークン',
  'entityCard.missingAnnotation':
    'このエンティティには {{annotation}} アノテーションがありません。',
  'entityCard.open': 'トークンのページを開く',
  'entityCard.loadError': 'コンテンツトークンを読み込めませんでした',
};

export default ja;
