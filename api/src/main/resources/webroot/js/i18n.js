// English and Chinese; the browser's language decides until the user switches (kept in localStorage).
const en = {
  recalls: 'Recalls', new_recall: 'New recall', recall_id: 'Recall id', lots: 'Lots (comma-separated)', make_recall: 'Recall and hold',
  recall_made: 'Recall made; its lots are on hold', recall_open: 'open', recall_closed: 'closed', in_transit: 'in transit',
  notified: 'notified', removed: 'removed', confirmed: 'confirmed', save: 'Save', saved: 'Saved.', close_note: 'Closing note',
  force_close: 'close although some sites are not confirmed', close_recall: 'Close recall', no_locations: 'No site holds these lots.',
  public_code: 'Public code / QR', show_code: 'Show public code and QR', revoke_code: 'Revoke code', code_revoked: 'Code revoked.',
  brand: 'Coldchain', logout: 'Log out', login: 'Log in', username: 'Username', password: 'Password',
  login_title: 'Log in to Coldchain', login_failed: 'Wrong username or password.', switch_lang: '中文',
  inbox: 'Alerts', admin: 'Administration', sites: 'Sites', trace: 'Batch trace',
  open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved',
  site: 'Site', lot: 'Batch (lot)', severity: 'Severity', all: 'All', filter: 'Filter',
  critical: 'critical', warning: 'warning', rule: 'Rule', asset: 'Asset', sensor: 'Sensor', batches: 'Batches',
  start: 'Start', end: 'End', peak: 'Peak', duration: 'Duration', status: 'Status', none: 'None',
  live_on: 'Live updates on', live_off: 'Live updates paused; reloading…', updated: 'Updated',
  alert: 'Alert', excursion_curve: 'Readings around the excursion', threshold: 'Threshold',
  shipments: 'Shipments', product: 'Product', shipment: 'Shipment', exposure: 'Exposure (min)',
  disposition: 'Disposition', hold: 'Hold', history: 'History', actor: 'By', event: 'Event', at: 'At',
  acknowledge: 'Acknowledge', note: 'Note', resolve: 'Resolve', corrective_action: 'Corrective action',
  release: 'release', discard: 'discard', hold_d: 'hold', done_ack: 'Acknowledged.', done_resolve: 'Resolved.',
  ongoing: 'ongoing', limits: 'Limits', mkt: 'Mean kinetic temperature', cumulative: 'Time out of range',
  now_at: 'Now at', legs: 'Legs', via: 'Via', from: 'From', to: 'To', readings: 'Readings', min: 'Min', max: 'Max', mean: 'Mean',
  excursions: 'Excursions', holds: 'Alerts naming this batch', unassigned: 'Unassigned sensors', gateway: 'Gateway',
  first_seen: 'First seen', last_seen: 'Last seen', rejections: 'Rejections (last 24 h)', reason: 'Reason', field: 'Field',
  received: 'Received', users: 'Users', role: 'Role', display_name: 'Name', created: 'Created', disabled: 'Disabled',
  disable: 'Disable', create_user: 'Create user', tenant: 'Tenant', region: 'Region', kind: 'Kind', address: 'Address',
  regulators: 'Regulators', create_regulator: 'Create regulator', show: 'Show',
  temperature_log: 'Temperature log', period: 'Period', download_pdf: 'Download PDF', download_csv: 'Download CSV',
  report_day: 'Daily report (PDF)', report_week: 'Weekly report (PDF)', report_month: 'Monthly report (PDF)',
  gaps: 'Gaps', calibration: 'Calibration', due: 'Due', overdue: 'overdue', calibrated: 'Calibrated',
  compliance: 'Recording-interval compliance', integrity: 'Integrity of sealed records', intact: 'verified, unaltered',
  not_intact: 'NOT intact: records differ from their seals', no_seals: 'no sealed days in this period',
  read_only: 'Read-only inspection view.', open_trace: 'Open batch trace', sites_of_region: 'Sites of your region',
  time_zone: 'Times in', no_data: 'Nothing here.', loading: 'Loading…', error: 'Error', gap: 'gap', timezone_utc: 'UTC',
  session_ended: 'Your session ended; please log in again.', code: 'Code', corrective_actions: 'Corrective action',
  out_of_range: 'Out of range', all_sites: 'All sites', batch: 'Batch', expires: 'Expires', produced: 'Produced',
};
const zh = {
  recalls: '召回', new_recall: '新建召回', recall_id: '召回编号', lots: '批次号（逗号分隔）', make_recall: '召回并暂扣',
  recall_made: '已创建召回，相关批次已暂扣', recall_open: '进行中', recall_closed: '已关闭', in_transit: '运输中',
  notified: '已通知', removed: '已下架', confirmed: '已确认', save: '保存', saved: '已保存。', close_note: '关闭说明',
  force_close: '部分场所未确认时仍关闭', close_recall: '关闭召回', no_locations: '没有场所存有这些批次。',
  public_code: '公开追溯码 / 二维码', show_code: '显示追溯码和二维码', revoke_code: '作废追溯码', code_revoked: '追溯码已作废。',
  brand: '冷链监控', logout: '退出登录', login: '登录', username: '用户名', password: '密码',
  login_title: '登录冷链监控', login_failed: '用户名或密码错误。', switch_lang: 'English',
  inbox: '告警', admin: '管理', sites: '场所', trace: '批次追溯',
  open: '未处理', acknowledged: '已确认', resolved: '已解决',
  site: '场所', lot: '批次号', severity: '级别', all: '全部', filter: '筛选',
  critical: '严重', warning: '警告', rule: '规则', asset: '设备', sensor: '传感器', batches: '批次',
  start: '开始', end: '结束', peak: '峰值', duration: '持续时间', status: '状态', none: '无',
  live_on: '实时更新已开启', live_off: '实时更新中断，正在重新加载…', updated: '已更新',
  alert: '告警', excursion_curve: '超限前后的温度读数', threshold: '阈值',
  shipments: '运输单', product: '产品', shipment: '运输单', exposure: '暴露时间（分钟）',
  disposition: '处置', hold: '暂扣', history: '历史', actor: '操作人', event: '事件', at: '时间',
  acknowledge: '确认', note: '备注', resolve: '解决', corrective_action: '纠正措施',
  release: '放行', discard: '销毁', hold_d: '暂扣', done_ack: '已确认。', done_resolve: '已解决。',
  ongoing: '进行中', limits: '限值', mkt: '平均动力学温度', cumulative: '超限累计时间',
  now_at: '当前位置', legs: '环节', via: '方式', from: '从', to: '至', readings: '读数', min: '最低', max: '最高', mean: '平均',
  excursions: '超限记录', holds: '涉及此批次的告警', unassigned: '未登记的传感器', gateway: '网关',
  first_seen: '首次出现', last_seen: '最近出现', rejections: '拒收记录（最近24小时）', reason: '原因', field: '字段',
  received: '接收时间', users: '用户', role: '角色', display_name: '姓名', created: '创建时间', disabled: '已停用',
  disable: '停用', create_user: '创建用户', tenant: '企业', region: '行政区划', kind: '类型', address: '地址',
  regulators: '监管人员', create_regulator: '创建监管人员', show: '显示',
  temperature_log: '温度记录', period: '期间', download_pdf: '下载 PDF', download_csv: '下载 CSV',
  report_day: '日管控报告 (PDF)', report_week: '周排查报告 (PDF)', report_month: '月调度报告 (PDF)',
  gaps: '记录中断', calibration: '校验', due: '到期', overdue: '已过期', calibrated: '校验日期',
  compliance: '记录间隔合规率', integrity: '封存记录完整性', intact: '已验证，未被篡改',
  not_intact: '不完整：记录与封存摘要不符', no_seals: '此期间没有已封存的日期',
  read_only: '只读检查视图。', open_trace: '打开批次追溯', sites_of_region: '辖区内的场所',
  time_zone: '时间按', no_data: '暂无数据。', loading: '加载中…', error: '错误', gap: '中断', timezone_utc: 'UTC',
  session_ended: '会话已结束，请重新登录。', code: '代码', corrective_actions: '纠正措施',
  out_of_range: '超限', all_sites: '全部场所', batch: '批次', expires: '保质期至', produced: '生产时间',
};
const dictionaries = { en, zh };

export function language() {
  const saved = localStorage.getItem('coldchain.lang');
  if (saved === 'en' || saved === 'zh') return saved;
  return (navigator.languages || [navigator.language || 'en']).some(l => String(l).toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

export function setLanguage(lang) { localStorage.setItem('coldchain.lang', lang); }

export function t(key) {
  const d = dictionaries[language()];
  return d[key] !== undefined ? d[key] : (en[key] !== undefined ? en[key] : key);
}

/** Labels in the static page (elements with data-i18n). */
export function translateStatic() {
  document.documentElement.lang = language() === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  document.title = t('brand');
}
