/** Japanese text of the scaffolder form fields (see `scaffolderFieldMessages.ts`). */
export const jaScaffolderFields = {
  'scaffolderFields.loadError': '選択肢を読み込めませんでした: {{message}}',
  'scaffolderFields.none': 'なし',
  'scaffolderFields.chooseTokenFirst':
    '先にコンテンツトークンを選んでください。',
  'scaffolderFields.chooseAppFirst': '先に App を選んでください。',
  'scaffolderFields.token.label': 'コンテンツトークン',
  'scaffolderFields.token.expires': '有効期限 {{date}}',
  'scaffolderFields.token.notUsable': '使用できません: {{reason}}',
  'scaffolderFields.token.empty':
    '使用できるコンテンツトークンが登録されていません。',
  'scaffolderFields.app.label': 'App',
  'scaffolderFields.app.search': 'App を検索',
  'scaffolderFields.app.licenses':
    'ライセンス 残り {{available}} / 全 {{total}}',
  'scaffolderFields.app.book': 'ブックはデバイスにインストールできません。',
  'scaffolderFields.app.notDeviceAssignable':
    'この App はデバイスに割り当てられません（引き換えコードで購入した場合など）。',
  'scaffolderFields.app.otherPlatform': 'この OS 用ではありません。',
  'scaffolderFields.app.empty':
    'このトークンにはこの OS 用の App がありません。',
  'scaffolderFields.app.selected_one': '{{count}} 個の App を選択',
  'scaffolderFields.app.selected_other': '{{count}} 個の App を選択',
  'scaffolderFields.devices.group': 'グループ',
  'scaffolderFields.devices.allGroups': 'すべてのグループ',
  'scaffolderFields.devices.includeSubgroups': 'サブグループを含める',
  'scaffolderFields.devices.search': '検索',
  'scaffolderFields.devices.searchField': '項目',
  'scaffolderFields.devices.allFields': '14 項目すべて',
  'scaffolderFields.devices.installState': 'App のインストール状況',
  'scaffolderFields.devices.installStates.any': 'すべて',
  'scaffolderFields.devices.installStates.no-inventory':
    'インストール状況未取得',
  'scaffolderFields.devices.installStates.not-installed': '未インストール',
  'scaffolderFields.devices.installStates.installed': 'インストール済み',
  'scaffolderFields.devices.version': 'インストール済みのバージョン',
  'scaffolderFields.devices.anyVersion': 'すべてのバージョン',
  'scaffolderFields.devices.inventoryBefore':
    'インストール状況取得日がこの日より前',
  'scaffolderFields.devices.selectAll': '該当する {{n}} 台すべてを選択',
  'scaffolderFields.devices.allSelected':
    '該当する {{n}} 台すべてを選択しています（検索条件を保存するため、配信開始時に該当するデバイスが対象になります）。',
  'scaffolderFields.devices.someSelected_one': '{{count}} 台を選択',
  'scaffolderFields.devices.someSelected_other': '{{count}} 台を選択',
  'scaffolderFields.devices.noneSelected': 'デバイスがまだ選択されていません。',
  'scaffolderFields.devices.otherPlatform': '別の OS: 対象外',
  'scaffolderFields.devices.empty': '該当するデバイスはありません。',
  'scaffolderFields.devices.columns.name': '名前',
  'scaffolderFields.devices.columns.serialNumber': 'シリアル番号',
  'scaffolderFields.devices.columns.platform': 'OS の種類',
  'scaffolderFields.devices.columns.osVersion': 'OS バージョン',
  'scaffolderFields.devices.columns.group': 'グループ',
  'scaffolderFields.devices.columns.userName': '使用者',
  'scaffolderFields.devices.columns.inventoryAt': 'インストール状況取得日',
  'scaffolderFields.settings.appConfig': '管理対象 App 構成',
  'scaffolderFields.settings.vpn': 'App 単位の VPN',
  'scaffolderFields.settings.noAppConfigs':
    '選択した App の管理対象 App 構成はありません。',
  'scaffolderFields.settings.noVpns': 'この OS 用の VPN 設定はありません。',
  'scaffolderFields.schedule.label': '配信予定日',
  'scaffolderFields.schedule.helper':
    '任意。トークンの有効期限の前日 {{date}} まで指定できます。',
  'scaffolderFields.schedule.tooLate':
    '{{date}} は指定できません。指定できるのはトークンの有効期限の前日 {{last}} までです。',
  'scaffolderFields.schedule.past': '{{date}} は過ぎています。',
  'scaffolderFields.review.loading':
    '配信計画を計算しています（何も変更しません）…',
  'scaffolderFields.review.incomplete':
    '先にトークン、App、デバイスを指定してください。',
  'scaffolderFields.review.devicesMatched': '対象デバイス: {{n}} 台',
  'scaffolderFields.review.leftOut': '対象外: {{n}} 台（{{reason}}）',
  'scaffolderFields.review.leftOutReasons.other-platform': '別の OS',
  'scaffolderFields.review.leftOutReasons.os-below-minimum':
    'OS が App の最低要件未満',
  'scaffolderFields.review.leftOutReasons.unenrolled': '未登録',
  'scaffolderFields.review.leftOutReasons.no-serial-number':
    'シリアル番号未取得',
  'scaffolderFields.review.leftOutReasons.no-license-available':
    'ライセンス不足',
  'scaffolderFields.review.columns.app': '対象の App',
  'scaffolderFields.review.columns.needed': '必要なライセンス',
  'scaffolderFields.review.columns.alreadyLicensed': '割り当て済み',
  'scaffolderFields.review.columns.available': '残り',
  'scaffolderFields.review.alreadyLicensedNote':
    'すでにライセンスを持つデバイスには再割り当てしないため、そのライセンスは自動では回収されません。',
  'scaffolderFields.review.short':
    'ライセンスが足りません: {{apps}}。Apple Business Manager で追加購入するか、デバイスを減らすか、ライセンスのある台数分だけインストールすることを許可してください。',
  'scaffolderFields.review.shortApp':
    '{{app}} は {{needed}} 必要、残り {{available}}',
  'scaffolderFields.review.refused': '配信を開始できません: {{message}}',
  'scaffolderFields.review.ready':
    '準備完了: {{devices}} 台に {{items}} 件のインストールを行います。',
  'scaffolderFields.review.summary':
    '{{devices}} 台、割り当てるライセンス {{licenses}}',
};
